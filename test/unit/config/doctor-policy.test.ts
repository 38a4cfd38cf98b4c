import { stringify } from 'yaml';
import { parseChatopsConfig } from '../../../src/config/chatops';
import { configProblems, minimalConfigYaml } from '../../support/config';

const withDoctor = (doctor: unknown) => `${minimalConfigYaml}${stringify({ policies: { doctor } })}`;

describe('policies.doctor', () => {
  it('defaults to on, for everyone, with no approvals', () => {
    expect(parseChatopsConfig(minimalConfigYaml).policies.doctor).toEqual({
      enabled: true,
      allowed: { users: [], usergroups: [], everyone: true },
      approvers: { users: [], usergroups: [], everyone: false },
      approvalsRequired: 0,
      skipFinalSnapshotExtraApproval: false,
    });
  });

  it('takes who may run it, and enabled: false allows nobody', () => {
    expect(parseChatopsConfig(withDoctor({ allowed: { usergroups: ['S0DATALEADS'] } })).policies.doctor.allowed).toEqual({
      users: [],
      usergroups: ['S0DATALEADS'],
      everyone: false,
    });
    expect(parseChatopsConfig(withDoctor({ enabled: false })).policies.doctor).toMatchObject({
      enabled: false,
      allowed: { users: [], usergroups: [], everyone: false },
    });
    expect(parseChatopsConfig(withDoctor({ approvalsRequired: 0 })).policies.doctor.approvalsRequired).toBe(0);
  });

  it('refuses approvals: the doctor only reads', () => {
    expect(configProblems(withDoctor({ approvalsRequired: 1 }))).toEqual([
      'chatops.yml: policies.doctor.approvalsRequired: is 1, but doctor only reads and changes nothing, so there is nothing to approve; remove approvalsRequired or set it to 0',
    ]);
    expect(configProblems(withDoctor({ approvalsRequired: 9 }))[0]).toContain(
      'policies.doctor.approvalsRequired: is 9, but doctor only reads',
    );
    expect(configProblems(withDoctor({ approvers: { users: ['U0ADMIN'] } }))).toEqual([
      'chatops.yml: policies.doctor.approvers: cannot be set: doctor only reads and changes nothing, so there is nothing to approve; remove approvers (allowed says who may run it)',
    ]);
  });

  it('refuses what every policy refuses, in the same words', () => {
    expect(configProblems(withDoctor({ allowed: { everyone: false } }))).toEqual([
      'chatops.yml: policies.doctor.allowed: names nobody; list users or usergroups, set everyone: true, or set enabled: false to turn doctor off',
    ]);
    expect(configProblems(withDoctor({ approvalsRequired: '1' }))).toEqual([
      'chatops.yml: policies.doctor.approvalsRequired: "1" is not a whole number 0 or more; write it without quotes, such as 0',
    ]);
    expect(configProblems(withDoctor({ skipFinalSnapshotExtraApproval: true }))).toEqual([
      'chatops.yml: policies.doctor.skipFinalSnapshotExtraApproval: is not a known field; allowed here: enabled, allowed, approvers, approvalsRequired',
    ]);
  });
});
