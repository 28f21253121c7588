// Original file: ../../proto/aether/v1/workspace.proto

import type { Long } from '@grpc/proto-loader';

export interface Session {
  'id'?: (string);
  'revision'?: (number | string | Long);
  'root'?: (string);
  /**
   * "active" or "archived".
   */
  'state'?: (string);
  'source'?: (string);
  'baseCommit'?: (string);
  'lastCommit'?: (string);
  'parentSessionId'?: (string);
  'parentRevision'?: (number | string | Long);
  /**
   * How it was created, e.g. {"kind":"fork","sessionId":"...","revision":3}.
   */
  'originJson'?: (string);
  'labels'?: ({[key: string]: string});
  'sizeBytes'?: (number | string | Long);
  'fileCount'?: (number | string | Long);
  'eventCount'?: (number | string | Long);
  /**
   * RFC 3339.
   */
  'createdAt'?: (string);
  'updatedAt'?: (string);
  '_source'?: "source";
  '_baseCommit'?: "baseCommit";
  '_lastCommit'?: "lastCommit";
  '_parentSessionId'?: "parentSessionId";
  '_parentRevision'?: "parentRevision";
}

export interface Session__Output {
  'id': (string);
  'revision': (number);
  'root': (string);
  /**
   * "active" or "archived".
   */
  'state': (string);
  'source'?: (string);
  'baseCommit'?: (string);
  'lastCommit'?: (string);
  'parentSessionId'?: (string);
  'parentRevision'?: (number);
  /**
   * How it was created, e.g. {"kind":"fork","sessionId":"...","revision":3}.
   */
  'originJson': (string);
  'labels': ({[key: string]: string});
  'sizeBytes': (number);
  'fileCount': (number);
  'eventCount': (number);
  /**
   * RFC 3339.
   */
  'createdAt': (string);
  'updatedAt': (string);
  '_source'?: "source";
  '_baseCommit'?: "baseCommit";
  '_lastCommit'?: "lastCommit";
  '_parentSessionId'?: "parentSessionId";
  '_parentRevision'?: "parentRevision";
}
