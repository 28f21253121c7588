// Original file: ../../proto/aether/v1/worker.proto

import type { JournalEntry as _aether_v1_JournalEntry, JournalEntry__Output as _aether_v1_JournalEntry__Output } from '../../aether/v1/JournalEntry.js';

export interface Task {
  'taskToken'?: (string);
  'workflowId'?: (string);
  'workflowType'?: (string);
  'input'?: (Buffer | Uint8Array | string);
  /**
   * Every position of the journal so far, in position order.
   */
  'journal'?: (_aether_v1_JournalEntry)[];
}

export interface Task__Output {
  'taskToken': (string);
  'workflowId': (string);
  'workflowType': (string);
  'input': (Buffer);
  /**
   * Every position of the journal so far, in position order.
   */
  'journal': (_aether_v1_JournalEntry__Output)[];
}
