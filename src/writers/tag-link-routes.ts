import { Delete, Param, Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { RequireWriter } from './require-writer.decorator';
import type { WritableKind } from './resource-kind';

/** A service with the tag / related-link deletes (DescribedRecordService has them). */
export interface TagLinkDeletes {
  removeTags(key: string, tag?: string): Promise<unknown>;
  removeLinks(key: string, name?: string): Promise<unknown>;
}

/**
 * The four tag / related-link delete routes of a resource (`DELETE {key}/tags[/{tagName}]`,
 * `DELETE {key}/relatedLinks[/{relName}]`), writers required, as a base class for its
 * controller: `class AspectsController extends TagLinkRoutes(ResourceKind.Aspect, AspectResponseDto, 'aspect')`.
 * The controller keeps its own path, tags and operation ids; it provides `service`.
 */
export function TagLinkRoutes(kind: WritableKind, response: Type<unknown>, noun: string) {
  const updated = ApiOkResponse({ description: `The updated ${noun}`, type: response });

  abstract class TagLinkRoutesBase {
    protected abstract readonly service: TagLinkDeletes;

    @Delete(':key/tags')
    @RequireWriter(kind, 'key')
    @ApiOperation({ summary: 'Remove all tags' })
    @updated
    removeTags(@Param('key') key: string) {
      return this.service.removeTags(key);
    }

    @Delete(':key/tags/:tagName')
    @RequireWriter(kind, 'key')
    @ApiOperation({ summary: 'Remove one tag' })
    @updated
    removeTag(@Param('key') key: string, @Param('tagName') tagName: string) {
      return this.service.removeTags(key, tagName);
    }

    @Delete(':key/relatedLinks')
    @RequireWriter(kind, 'key')
    @ApiOperation({ summary: 'Remove all related links' })
    @updated
    removeLinks(@Param('key') key: string) {
      return this.service.removeLinks(key);
    }

    @Delete(':key/relatedLinks/:relName')
    @RequireWriter(kind, 'key')
    @ApiOperation({ summary: 'Remove one related link' })
    @updated
    removeLink(@Param('key') key: string, @Param('relName') relName: string) {
      return this.service.removeLinks(key, relName);
    }
  }
  return TagLinkRoutesBase;
}
