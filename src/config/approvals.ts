import { DEFAULT_MAX_OPEN_PER_PERSON } from './approval-defaults';
import { numberIn, strictObject } from './fields';

/** `approvals:` in chatops.yml: rules for the approval workflow as a whole. */
export const approvalsSchema = strictObject(
  {
    maxOpenPerPerson: numberIn(1, 100, { whole: true, example: String(DEFAULT_MAX_OPEN_PER_PERSON) }).default(DEFAULT_MAX_OPEN_PER_PERSON),
  },
  `set maxOpenPerPerson, such as { maxOpenPerPerson: ${DEFAULT_MAX_OPEN_PER_PERSON} }, or leave approvals out`,
).prefault({});
