// The app's sections, in sidebar order: a new area (images, volumes, networks, compose) is one
// entry here. Each names its view and the props it gets from the app's engine store.
//
// Home is part of the first script; every other view's code loads when it is first shown, and
// all of them are fetched in the background once Home has painted (`preloadSections`). The
// whole app in one script (1.6 MB, with CodeMirror and Chart.js) made WebKit parse all of it
// before the first frame; start-up is what a user waits on.
import type { Component } from 'svelte';
import type { EngineStore } from '$lib/stores/engine.svelte';
import HomeView from '$lib/components/home/HomeView.svelte';
import LazyView from '$lib/components/shared/LazyView.svelte';

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

type AnyView = Component<Record<string, unknown>>;
const loaders: (() => Promise<AnyView>)[] = [];

/** A view whose code loads when first shown; the loaded view is kept, so it shows at once after
 *  that. Returns what pairs it with its props (typed as the view's own). */
function lazy<P extends Record<string, unknown>>(
  load: () => Promise<{ default: Component<P> }>,
): (props: P) => Shown {
  let view: AnyView | null = null;
  let loading: Promise<AnyView> | null = null;
  const get = (): Promise<AnyView> =>
    (loading ??= load().then((m) => (view = m.default as unknown as AnyView)));
  loaders.push(get);
  return (props) => shown(LazyView, { ready: () => view, get, props });
}

/** Loads every section's code: after the first paint, so later clicks wait for nothing. */
export function preloadSections(): Promise<unknown> {
  return Promise.all(loaders.map((get) => get()));
}

const containersView = lazy(() => import('$lib/components/containers/ContainersView.svelte'));
const imagesView = lazy(() => import('$lib/components/images/ImagesView.svelte'));
const dockerfilesView = lazy(() => import('$lib/components/dockerfiles/DockerfilesView.svelte'));
const composeView = lazy(() => import('$lib/components/compose/ComposeView.svelte'));
const networksView = lazy(() => import('$lib/components/networks/NetworksView.svelte'));
const volumesView = lazy(() => import('$lib/components/volumes/VolumesView.svelte'));
const networkMapView = lazy(() => import('$lib/components/topology/NetworkMapView.svelte'));
const portsView = lazy(() => import('$lib/components/ports/PortsView.svelte'));
const diskView = lazy(() => import('$lib/components/disk/DiskView.svelte'));
const registriesView = lazy(() => import('$lib/components/registries/RegistriesView.svelte'));
const swarmView = lazy(() => import('$lib/components/swarm/SwarmView.svelte'));
const enginesView = lazy(() => import('$lib/components/engines/EnginesView.svelte'));
const eventsView = lazy(() => import('$lib/components/events/EventsView.svelte'));
const settingsView = lazy(() => import('$lib/components/settings/SettingsView.svelte'));
const learnView = lazy(() => import('$lib/components/learn/LearnView.svelte'));

export const sections: Section[] = [
  { id: 'home', label: 'Home', show: (engine) => shown(HomeView, { store: engine }) },
  { id: 'containers', label: 'Containers', show: () => containersView({}) },
  { id: 'images', label: 'Images', show: () => imagesView({}) },
  { id: 'dockerfiles', label: 'Dockerfiles', show: () => dockerfilesView({}) },
  { id: 'compose', label: 'Compose', show: () => composeView({}) },
  { id: 'networks', label: 'Networks', show: () => networksView({}) },
  { id: 'volumes', label: 'Volumes', show: () => volumesView({}) },
  { id: 'topology', label: 'Network map', show: () => networkMapView({}) },
  { id: 'ports', label: 'Ports', show: () => portsView({}) },
  { id: 'disk', label: 'Disk', show: () => diskView({}) },
  { id: 'registries', label: 'Registries', show: () => registriesView({}) },
  { id: 'swarm', label: 'Swarm', show: () => swarmView({}) },
  {
    id: 'engines',
    label: 'Engines',
    show: (engine) => enginesView({ store: engine }),
    acrossEngines: true,
  },
  { id: 'learn', label: 'Learn', show: () => learnView({}) },
  {
    id: 'events',
    label: 'Events',
    show: () => eventsView({ sectionIds: sections.map((s) => s.id) }),
  },
  {
    id: 'settings',
    label: 'Settings',
    show: () => settingsView({}),
    acrossEngines: true,
  },
];
