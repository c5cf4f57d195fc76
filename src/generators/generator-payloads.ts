import { Injectable, Logger } from '@nestjs/common';
import { encryptForCollector } from '../collectors/collector-cipher';
import { GeneratorTemplatesService } from '../generator-templates/generator-templates.service';
import { GeneratorTemplateResponse, presentGeneratorTemplate } from '../generator-templates/generator-template.presenter';
import { TokensService } from '../tokens/tokens.service';
import { GeneratorRow, GeneratorsRepository } from './generators.repository';
import { GeneratorResponse, presentGenerator } from './generator.presenter';
import { SecretContextCipher } from './secret-context.cipher';

/** A generator as a collector receives it (see GeneratorPayloads). */
export type GeneratorPayload = Omit<GeneratorResponse, 'apiLinks' | 'aspects' | 'context'> & {
  aspects: { name: string }[];
  generatorTemplate: GeneratorTemplateResponse;
  context: Record<string, unknown>;
  token: string;
};

/**
 * Generators as a collector receives them in start and heartbeat replies: the generator's
 * fields, `aspects: [{name}]`, the full matching template, a fresh generator token, and the
 * context with secret values encrypted for that collector (collectorToken + timestamp).
 */
@Injectable()
export class GeneratorPayloads {
  private readonly logger = new Logger(GeneratorPayloads.name);

  constructor(
    private readonly repo: GeneratorsRepository,
    private readonly templates: GeneratorTemplatesService,
    private readonly tokens: TokensService,
    private readonly cipher: SecretContextCipher,
  ) {}

  /** `address`: the client address of the collector's request, for the audit log of the tokens issued. */
  async build(ids: string[], collectorToken: string, timestamp: number, address: string | null = null): Promise<GeneratorPayload[]> {
    if (ids.length === 0) return [];
    const out: GeneratorPayload[] = [];
    for (const row of await this.repo.findByIds(ids)) {
      try {
        const payload = await this.one(row, collectorToken, timestamp, address);
        if (payload) out.push(payload);
      } catch (e) {
        // A template deleted or unpublished since: the generator waits for its next change.
        this.logger.warn(`Generator "${row.name}" not sent: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return out;
  }

  private async one(row: GeneratorRow, collectorToken: string, timestamp: number, address: string | null): Promise<GeneratorPayload | null> {
    if (!row.createdBy) return null;
    const template = await this.templates.resolveForGenerator(row.templateName, row.templateVersion);
    const { secret } = await this.tokens.issueBoundToken(row.createdBy, {
      kind: 'generator',
      boundId: row.id,
      name: `generator ${row.name}`.slice(0, 60),
      address,
    });
    const context: Record<string, unknown> = { ...row.context };
    for (const [key, sealed] of Object.entries(row.secretContext)) {
      context[key] = encryptForCollector(this.cipher.open(sealed), collectorToken, timestamp);
    }
    const { apiLinks: _links, ...fields } = presentGenerator(row);
    return {
      ...fields,
      aspects: row.aspects.map((name) => ({ name })),
      generatorTemplate: presentGeneratorTemplate(template),
      context,
      token: secret,
    };
  }
}
