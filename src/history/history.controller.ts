import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery } from '@nestjs/swagger';
import { ApiListQuery, ApiResource } from '../common/api-docs';
import { ListPage, Paginated } from '../common/pagination';
import { AvailabilityRecord, StatusChangeRecord } from './dto/history.records';
import { HistoryService } from './history.service';

type QueryParams = Record<string, unknown>;
const q = (name: string, description: string) => ApiQuery({ name, required: false, type: String, description });
const FROM = q('from', 'Changes at or after this time (ISO 8601 or epoch ms)');
const TO = q('to', 'Changes before this time (ISO 8601 or epoch ms)');
const WINDOW = q('window', 'How far back from now: <n><s|m|h|d|w>, default 7d, at most 366d');
const HIERARCHY = [
  q('aspect', 'Aspect names, comma list; -name excludes'),
  q('subjectTags', 'Subject tags; -tag excludes'),
  q('aspectTags', 'Aspect tags; -tag excludes'),
  q('depth', 'Levels below the subject (0 = all)'),
];
const apply = (...ds: MethodDecorator[]): MethodDecorator => (t, k, d) => ds.forEach((x) => x(t, k, d));

@ApiResource('history')
@Controller('v1')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get('samples/:key/history')
  @Paginated()
  @ApiListQuery()
  @ApiOperation({ summary: "A sample's status changes, newest first (also fields, sort, limit, offset)" })
  @apply(FROM, TO, q('status', 'Only changes to these statuses; -status excludes'))
  @ApiOkResponse({ type: [StatusChangeRecord] })
  sampleHistory(@Param('key') key: string, @Query() query: QueryParams): Promise<ListPage<Partial<StatusChangeRecord>>> {
    return this.history.sampleHistory(key, query);
  }

  @Get('samples/:key/availability')
  @ApiOperation({ summary: 'Time a sample spent in each status over a window ending now' })
  @apply(WINDOW)
  @ApiOkResponse({ type: AvailabilityRecord })
  sampleAvailability(@Param('key') key: string, @Query() query: QueryParams): Promise<AvailabilityRecord> {
    return this.history.sampleAvailability(key, query);
  }

  @Get('subjects/:key/history')
  @Paginated()
  @ApiListQuery()
  @ApiOperation({ summary: 'Status changes of the samples of a subtree, newest first, with the hierarchy filters' })
  @apply(FROM, TO, q('status', 'Only changes to these statuses; -status excludes'), ...HIERARCHY)
  @ApiOkResponse({ type: [StatusChangeRecord] })
  subjectHistory(@Param('key') key: string, @Query() query: QueryParams): Promise<ListPage<Partial<StatusChangeRecord>>> {
    return this.history.subjectHistory(key, query);
  }

  @Get('subjects/:key/availability')
  @ApiOperation({ summary: 'Time in each status over a window, summed over a subtree and per sample' })
  @apply(WINDOW, ...HIERARCHY)
  @ApiOkResponse({ type: AvailabilityRecord })
  subjectAvailability(@Param('key') key: string, @Query() query: QueryParams): Promise<AvailabilityRecord> {
    return this.history.subjectAvailability(key, query);
  }
}
