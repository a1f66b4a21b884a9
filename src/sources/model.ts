/** What each source of a stack's resources gives: resources with their identifiers, outputs, and what could not be placed. */
import type { SourceSummary, UnplacedEntry } from '../report/model.js';
import type { OutputEntry, ResourceType, SourceRef } from '../types.js';
import type { RegionFrom } from './regions.js';

export type { SourceSummary, UnplacedEntry };

/** One resource a state file or a stack names, identified as the collectors need it. */
export interface SourcedResource {
  type: ResourceType;
  id: string;
  arn?: string;
  /** The region the file gives the entry (its ARN, zone, or provider configuration: see regions.ts). */
  region?: string;
  regionFrom?: RegionFrom;
  source: SourceRef;
  /** The entry configures this resource (`aws_kms_alias` → its key) rather than being it. */
  folded?: boolean;
  /** Other identifiers of the resource an outputs file may name it by (a distribution's domain, a cluster's endpoint). */
  aliases?: string[];
}

/** What one source gave. Holds no attribute of any entry beyond the identifiers above. */
export interface SourceRead {
  kind: SourceRef['kind'];
  format: string;
  origin: string;
  resources: SourcedResource[];
  /** The source's outputs, as the outputs reader gives them (sensitive values dropped). */
  outputs: OutputEntry[];
  /** 1-based line of each output key in the source, when known. */
  outputLines: Map<string, number>;
  unplaced: UnplacedEntry[];
  /** The region of the source's main provider configuration, for its outputs that name none. */
  region?: string;
}
