import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY_DIRECTIVES } from '../../src-shared/content-security-policy.js';
import { REPO_ROOT } from '../support/fixtures.js';

describe('content security policy', () => {
  it("index.html's meta tag repeats the header's policy, less frame-ancestors (which only works as a header)", () => {
    const html = readFileSync(path.join(REPO_ROOT, 'src-renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta?.split(/;\s*/)).toEqual(CONTENT_SECURITY_POLICY_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')));
  });
});
