import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import FormPanel from './FormPanel.svelte';
import { TestSession } from './testSession.svelte';

const FILE = `# The shop: web in front of a database.
services:
  # Serves the pages.
  web:
    image: \${WEB_IMAGE:-nginx:1.27}   # pinned by .env
    ports:
      - "8080:80"   # http
    environment:
      GREETING: hello   # on the front page
    depends_on:
      - db

  db:
    image: postgres:16
    restart: always   # keep it up

volumes:
  data: {}
`;

// Every line of the original is still in the new text, in order (nothing re-spelled or lost).
function expectLinesKept(before: string, after: string): void {
  const out = after.split('\n');
  let at = 0;
  for (const line of before.split('\n')) {
    const found = out.indexOf(line, at);
    expect(found, `line kept: ${line}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}

function service(name: string) {
  return screen.getByText(name, { selector: '[data-testid="compose-form-service"]' });
}

describe('compose FormPanel', () => {
  it('shows the services as written, ${VAR} included, with the resolved value beside it', async () => {
    const session = new TestSession(FILE);
    session.loaded = {
      diagnostics: [],
      model: { services: [{ name: 'web', image: 'nginx:1.27', environment: [] }] },
    };
    render(FormPanel, { session });
    expect(await screen.findByTestId('compose-form-image')).toHaveValue('${WEB_IMAGE:-nginx:1.27}');
    expect(screen.getByTestId('compose-form-resolved')).toHaveTextContent('now: nginx:1.27');
    expect(screen.getByTestId('port-host')).toHaveValue('8080');
    expect(screen.getByTestId('port-container')).toHaveValue('80');
    expect(screen.getAllByTestId('compose-form-service').map((b) => b.textContent)).toEqual([
      'web',
      'db',
    ]);
  });

  it('writes a new port and variable into the YAML, keeping every comment and line', async () => {
    const session = new TestSession(FILE);
    render(FormPanel, { session });
    await fireEvent.click(await screen.findByTestId('add-port'));
    const hosts = screen.getAllByTestId('port-host');
    const containers = screen.getAllByTestId('port-container');
    await fireEvent.input(hosts[1] as HTMLElement, { target: { value: '8443' } });
    await fireEvent.input(containers[1] as HTMLElement, { target: { value: '443' } });
    await waitFor(() => expect(session.text).toContain('      - "8443:443"\n'));

    await fireEvent.click(screen.getByTestId('add-env'));
    const rows = screen.getAllByTestId('env-row');
    const [name, value] = within(rows[1] as HTMLElement).getAllByRole('textbox');
    await fireEvent.input(name as HTMLElement, { target: { value: 'MODE' } });
    await fireEvent.input(value as HTMLElement, { target: { value: 'shop' } });
    await waitFor(() =>
      expect(session.text).toContain(
        '      GREETING: hello   # on the front page\n      MODE: shop\n',
      ),
    );
    expectLinesKept(FILE, session.text);
    // Each form change reached the editor as one small edit, not a whole new text.
    for (const e of session.edits) expect(e.end - e.start).toBeLessThan(20);
  });

  it('adds a service and renames one, with its depends_on references', async () => {
    const session = new TestSession(FILE);
    render(FormPanel, { session });
    await fireEvent.click(await screen.findByTestId('compose-form-add-service'));
    await fireEvent.input(screen.getByTestId('compose-form-new-name'), {
      target: { value: 'cache' },
    });
    await fireEvent.input(screen.getByTestId('compose-form-new-image'), {
      target: { value: 'redis:7' },
    });
    await fireEvent.click(screen.getByTestId('compose-form-add-confirm'));
    expect(session.text).toContain(
      '  db:\n    image: postgres:16\n    restart: always   # keep it up\n\n  cache:\n    image: redis:7\n\nvolumes:',
    );
    expectLinesKept(FILE, session.text);

    await fireEvent.click(service('db'));
    const name = screen.getByTestId('compose-form-name');
    await fireEvent.input(name, { target: { value: 'database' } });
    await fireEvent.change(name);
    expect(session.text).toContain('    depends_on:\n      - database\n');
    expect(session.text).toContain('  database:\n    image: postgres:16\n');
  });

  it('shows what a removal takes before removing a service', async () => {
    const session = new TestSession(FILE);
    render(FormPanel, { session });
    await fireEvent.click(await screen.findByText('db', { selector: 'button' }));
    await fireEvent.click(screen.getByTestId('compose-form-remove-service'));
    const preview = screen.getByTestId('compose-form-remove-preview');
    expect(preview).toHaveTextContent('lines 13–15');
    expect(preview).toHaveTextContent('in: web');
    expect(session.text).toBe(FILE);
    await fireEvent.click(screen.getByTestId('compose-form-remove-confirm'));
    expect(session.text).not.toContain('db');
    expect(session.text).toContain('# Serves the pages.\n  web:\n');
    expect(screen.getAllByTestId('compose-form-service').map((b) => b.textContent)).toEqual([
      'web',
    ]);
  });

  it('follows the YAML after typing pauses', async () => {
    const session = new TestSession(FILE);
    render(FormPanel, { session });
    expect(await screen.findByTestId('compose-form-image')).toHaveValue('${WEB_IMAGE:-nginx:1.27}');
    session.text = FILE.replace('${WEB_IMAGE:-nginx:1.27}', 'httpd:2');
    await waitFor(() => expect(screen.getByTestId('compose-form-image')).toHaveValue('httpd:2'));
    // The form's reading did not write anything back.
    expect(session.edits).toEqual([]);
  });

  it('is read-only with a pointer while the YAML does not parse', async () => {
    const session = new TestSession(FILE);
    render(FormPanel, { session });
    await screen.findByTestId('compose-form-image');
    session.text = FILE.replace('    ports:\n', '    ports: [\n');
    const note = await screen.findByTestId('compose-form-readonly');
    expect(note).toHaveTextContent(/line \d+/);
    expect(screen.getByTestId('compose-form-image')).toBeDisabled();
    await fireEvent.click(screen.getByTestId('compose-form-goto'));
    expect(session.lines.length).toBe(1);
  });

  it('puts a diagnostic on the field its span falls in', async () => {
    const session = new TestSession(FILE);
    const start = FILE.indexOf('"8080:80"');
    session.loaded = {
      diagnostics: [
        {
          rule: 'host-port-twice',
          slug: 'host-port-twice',
          severity: 'error',
          message: 'host port 8080 is published twice',
          span: { start, end: start + 9, line: 7, endLine: 7 },
          fix: null,
        },
      ],
      model: null,
    };
    render(FormPanel, { session });
    const problem = await screen.findByTestId('compose-form-field-problem');
    expect(problem).toHaveAttribute('data-field', 'ports[0].containerPort');
    expect(problem).toHaveTextContent('Line 7: host port 8080 is published twice');
  });
});
