import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ci from 'miniprogram-ci';
(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpci-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPath = path.join(dir, 'private.key');
  fs.writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }));
  const t0 = Date.now();
  const project = new ci.Project({ appid: 'wx0000000000000000', type: 'miniProgram', projectPath: path.resolve('dist/weapp'), privateKeyPath: keyPath, ignores: [] });
  const res = await ci.checkCodeQuality(project);
  console.log(JSON.stringify(res, null, 1));
  console.log('ms', Date.now() - t0);
})();
