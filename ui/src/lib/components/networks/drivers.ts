// A few words on each network driver, in our own words: shown beside the list, in the create
// form under the driver picked, and in a network's details.

export const driverWords: Record<string, string> = {
  bridge:
    'A private network on this machine. Containers on it get their own addresses and reach the outside through the host (NAT); you publish ports to let the outside in. Networks you create also let containers find each other by name.',
  host: 'No network of its own: the container uses the machine’s interfaces and ports directly, so nothing needs publishing, and two containers cannot both take the same port.',
  none: 'Only a loopback interface: the container can talk to itself and nothing else. For jobs that must not reach any network.',
  overlay:
    'One network stretched across several Docker machines joined in a swarm, so containers on different hosts talk as if side by side. Needs swarm mode.',
  macvlan:
    'Each container appears on the physical network as a machine of its own, with its own MAC address, through a host interface (the parent option). Useful when other devices must reach containers directly.',
  ipvlan:
    'Like macvlan, containers get addresses on the physical network through a host interface, but they share the host’s MAC address: for networks that allow one MAC per port.',
  null: 'Only a loopback interface: the container can talk to itself and nothing else.',
};

/** The drivers in the order the words are listed. */
export const driverOrder = ['bridge', 'host', 'none', 'overlay', 'macvlan', 'ipvlan'] as const;
