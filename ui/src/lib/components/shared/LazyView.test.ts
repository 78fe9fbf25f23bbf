import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import type { Component } from 'svelte';
import LazyView from './LazyView.svelte';
import ShowsId from '../containers/ShowsId.test.svelte';
import SaysWhich from './SaysWhich.test.svelte';

type AnyView = Component<Record<string, unknown>>;
const view = ShowsId as unknown as AnyView;
const props = { id: 'c1', details: { name: 'web', state: 'running' } };

describe('LazyView', () => {
  it('says it is opening until the code is there, then shows the view with its props', async () => {
    let arrive: (v: AnyView) => void = () => undefined;
    const get = () => new Promise<AnyView>((resolve) => (arrive = resolve));
    render(LazyView, { props: { ready: () => null, get, props } });
    expect(screen.getByTestId('view-loading')).toHaveAttribute('aria-busy', 'true');
    arrive(view);
    expect(await screen.findByText('c1 web running')).toBeInTheDocument();
    expect(screen.queryByTestId('view-loading')).toBeNull();
  });

  it('shows a loaded view at once, without an opening frame', () => {
    const get = () => Promise.reject(new Error('not asked'));
    render(LazyView, { props: { ready: () => view, get, props } });
    expect(screen.getByText('c1 web running')).toBeInTheDocument();
  });

  it('says so when the code cannot be loaded', async () => {
    const get = () => Promise.reject(new Error('the file is gone'));
    render(LazyView, { props: { ready: () => null, get, props } });
    expect(await screen.findByTestId('view-load-error')).toHaveTextContent('the file is gone');
  });

  it('shows the next section, not the one loaded before, when only the props change', async () => {
    // Two sections, neither loaded when first shown, both through the one LazyView.
    const other = SaysWhich as unknown as AnyView;
    const first = () => Promise.resolve(view);
    const second = () => Promise.resolve(other);
    const shownView = render(LazyView, { props: { ready: () => null, get: first, props } });
    expect(await screen.findByText('c1 web running')).toBeInTheDocument();
    await shownView.rerender({
      props: {
        ready: () => null,
        get: second,
        props: { which: 'second' },
      },
    });
    expect(await screen.findByText('the second view')).toBeInTheDocument();
    expect(screen.queryByText('c1 web running')).toBeNull();
  });
});
