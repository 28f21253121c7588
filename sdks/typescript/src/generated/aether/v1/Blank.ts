// Original file: ../../proto/aether/v1/workspace.proto


export interface Blank {
}

export interface Blank__Output {
}
