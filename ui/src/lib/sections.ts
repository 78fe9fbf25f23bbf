// The app's sections, in sidebar order: a new area (images, volumes, networks, compose) is one
// entry here. Each names its view and the props it gets from the app's engine store.
import type { Component } from 'svelte';
import type { EngineStore } from '$lib/stores/engine.svelte';
import HomeView from '$lib/components/home/HomeView.svelte';
import ContainersView from '$lib/components/containers/ContainersView.svelte';
import ImagesView from '$lib/components/images/ImagesView.svelte';
import DockerfilesView from '$lib/components/dockerfiles/DockerfilesView.svelte';
import ComposeView from '$lib/components/compose/ComposeView.svelte';
import NetworksView from '$lib/components/networks/NetworksView.svelte';
import VolumesView from '$lib/components/volumes/VolumesView.svelte';
import NetworkMapView from '$lib/components/topology/NetworkMapView.svelte';
import PortsView from '$lib/components/ports/PortsView.svelte';
import DiskView from '$lib/components/disk/DiskView.svelte';
import EventsView from '$lib/components/events/EventsView.svelte';
import RegistriesView from '$lib/components/registries/RegistriesView.svelte';
import SwarmView from '$lib/components/swarm/SwarmView.svelte';
import EnginesView from '$lib/components/engines/EnginesView.svelte';
import SettingsView from '$lib/components/settings/SettingsView.svelte';

export interface Section {
  /** Stable: the sidebar button is `nav-<id>`. */
  id: string;
  label: string;
  /** The view and its props, built together so they cannot disagree. */
  show: (engine: EngineStore) => Shown;
  /** Its view is about no one engine (the engines themselves, settings), so it stays as it is
   *  across an engine switch; every other view is rebuilt for the new engine. */
  acrossEngines?: boolean;
}

/** A view with the props it is shown with. */
export interface Shown {
  view: Component<Record<string, unknown>>;
  props: Record<string, unknown>;
}

/** Pairs a view with props of its own type. */
function shown<P extends Record<string, unknown>>(view: Component<P>, props: P): Shown {
  return { view: view as unknown as Component<Record<string, unknown>>, props };
}

export const sections: Section[] = [
  { id: 'home', label: 'Home', show: (engine) => shown(HomeView, { store: engine }) },
  { id: 'containers', label: 'Containers', show: () => shown(ContainersView, {}) },
  { id: 'images', label: 'Images', show: () => shown(ImagesView, {}) },
  { id: 'dockerfiles', label: 'Dockerfiles', show: () => shown(DockerfilesView, {}) },
  { id: 'compose', label: 'Compose', show: () => shown(ComposeView, {}) },
  { id: 'networks', label: 'Networks', show: () => shown(NetworksView, {}) },
  { id: 'volumes', label: 'Volumes', show: () => shown(VolumesView, {}) },
  { id: 'topology', label: 'Network map', show: () => shown(NetworkMapView, {}) },
  { id: 'ports', label: 'Ports', show: () => shown(PortsView, {}) },
  { id: 'disk', label: 'Disk', show: () => shown(DiskView, {}) },
  { id: 'registries', label: 'Registries', show: () => shown(RegistriesView, {}) },
  { id: 'swarm', label: 'Swarm', show: () => shown(SwarmView, {}) },
  {
    id: 'engines',
    label: 'Engines',
    show: (engine) => shown(EnginesView, { store: engine }),
    acrossEngines: true,
  },
  {
    id: 'events',
    label: 'Events',
    show: () => shown(EventsView, { sectionIds: sections.map((s) => s.id) }),
  },
  {
    id: 'settings',
    label: 'Settings',
    show: () => shown(SettingsView, {}),
    acrossEngines: true,
  },
];
