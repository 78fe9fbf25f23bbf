import { describe, expect, it } from 'vitest';
import { draftField, draftOf, formOf, newServiceForm } from './serviceDraft';

describe('service draft', () => {
  it('reads a spec back into the fields and gives the same form', () => {
    const f = newServiceForm();
    f.name = 'web';
    f.image = 'busybox:1';
    f.command = ['sh', '-c', 'echo hi && sleep 5'];
    f.env = [['GREETING', 'ahoy']];
    f.mode = { replicated: { replicas: 3 } };
    f.ports = [{ published: 8080, target: 80, protocol: 'tcp', mode: 'ingress' }];
    f.limits = { cpus: 0.5, memoryBytes: 256 * 1024 * 1024 };
    f.update = { ...f.update, parallelism: 2, delayNs: 10e9, failureAction: 'rollback' };
    f.secrets = [{ source: 'db-pass', target: null }];
    f.constraints = ['node.role==manager'];
    const d = draftOf(f);
    expect(d.command).toBe("sh -c 'echo hi && sleep 5'");
    expect(d.replicas).toBe('3');
    expect(d.memoryMiB).toBe('256');
    expect(d.update.delaySeconds).toBe('10');
    expect(d.ports[0]).toMatchObject({ hostPort: '8080', containerPort: '80', mode: 'ingress' });
    const back = formOf(d);
    expect(back.errors).toEqual([]);
    expect(back.form).toEqual(f);
  });

  it('names the draft field of what it cannot read', () => {
    const d = draftOf(newServiceForm());
    d.replicas = 'two';
    d.ports = [{ hostIp: '', hostPort: '99999', containerPort: '80', protocol: '', mode: 'host' }];
    d.update.maxFailureRatio = '5';
    const { errors } = formOf(d);
    expect(errors.map((e) => e.field)).toEqual([
      'replicas',
      'ports[0].hostPort',
      'update.maxFailureRatio',
    ]);
    expect(errors[0].message).toContain('“two”');
  });

  it('refuses shell operators in a command the engine runs without a shell', () => {
    const d = draftOf(newServiceForm());
    d.command = 'echo hi | wc';
    const { errors } = formOf(d);
    expect(errors[0].field).toBe('command');
    expect(errors[0].message).toContain('sh -c');
  });

  it('a global service carries no replica count', () => {
    const d = draftOf(newServiceForm());
    d.mode = 'global';
    d.replicas = '';
    const { form, errors } = formOf(d);
    expect(errors).toEqual([]);
    expect(form.mode).toBe('global');
  });

  it('maps Rust paths onto the draft’s fields', () => {
    expect(draftField('env[2].0')).toBe('env[2].name');
    expect(draftField('ports[1].published')).toBe('ports[1].hostPort');
    expect(draftField('mode.replicated.replicas')).toBe('replicas');
    expect(draftField('update.delayNs')).toBe('update.delaySeconds');
    expect(draftField('image')).toBe('image');
  });
});
