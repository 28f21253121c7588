// Original file: ../../proto/aether/v1/workspace.proto


export interface ListSessionsRequest {
  'state'?: (string);
  'source'?: (string);
  'parent'?: (string);
  'labels'?: ({[key: string]: string});
  'limit'?: (number);
  '_state'?: "state";
  '_source'?: "source";
  '_parent'?: "parent";
  '_limit'?: "limit";
}

export interface ListSessionsRequest__Output {
  'state'?: (string);
  'source'?: (string);
  'parent'?: (string);
  'labels': ({[key: string]: string});
  'limit'?: (number);
  '_state'?: "state";
  '_source'?: "source";
  '_parent'?: "parent";
  '_limit'?: "limit";
}
