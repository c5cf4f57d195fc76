import { Entity } from 'typeorm';
import { NamedRecordColumns } from '../collectors/record-columns';

/** A named set of collectors; generators of the group run on its live collectors. */
@Entity({ name: 'collector_groups' })
export class CollectorGroupEntity extends NamedRecordColumns {}
