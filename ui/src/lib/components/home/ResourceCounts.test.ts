import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import ResourceCounts from './ResourceCounts.svelte';

describe('ResourceCounts', () => {
  it('says "1 container", and the plural for every other count', () => {
    render(ResourceCounts, {
      counts: {
        containers: 1,
        running: 1,
        paused: 0,
        stopped: 0,
        images: 0,
        volumes: 2,
        networks: 1,
      },
    });
    expect(screen.getByTestId('count-containers-word')).toHaveTextContent(/^container$/);
    expect(screen.getByTestId('count-images-word')).toHaveTextContent(/^images$/);
    expect(screen.getByTestId('count-volumes-word')).toHaveTextContent(/^volumes$/);
    expect(screen.getByTestId('count-networks-word')).toHaveTextContent(/^network$/);
  });
});
