import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { resolveSecretKey } from '../config/secret-key';
import { AtRestCipher } from '../collectors/collector-cipher';

/** The at-rest cipher of secret context values, keyed from SECRET_KEY (or the key kept in DATA_DIR). */
@Injectable()
export class SecretContextCipher extends AtRestCipher {
  constructor(config: AppConfig) {
    super(resolveSecretKey(config.secretKey, config.dataDir));
  }
}
