import { readFileSync } from 'node:fs';

import { formatExplanation } from './access-explanation.js';
import { allow, deny, file, folder, group, identity, user } from './acl-fixtures.js';
import { explainAccess } from './evaluate-access.js';
import { AppliesTo } from './inheritance-flags.js';
import { Right, Rights } from './rights.js';

const doc = readFileSync(new URL('../../../../docs/permissions.md', import.meta.url), 'utf8');

/** Returns the code blocks of `language` in the section that starts with `heading`. */
function codeBlocks(heading: string, language: string): string[] {
  const section = doc.slice(doc.indexOf(heading)).split(/\n## /)[0]!;
  const pattern = new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g');
  return [...section.matchAll(pattern)].map((match) => match[1]!);
}

const staff = group('staff');
const alice = user('alice');
const chain = [
  folder('root', [allow(user('bob'), Rights.FULL_CONTROL), allow(staff, Rights.MODIFY)]),
  folder('projects', [allow(staff, Right.LIST), deny(staff, Right.WRITE | Right.DELETE)]),
  file('plan', [allow(alice, Right.WRITE, AppliesTo.THIS_FOLDER_ONLY)], { owner: alice }),
];
const explanation = explainAccess(chain, identity('alice', ['staff']));

describe('docs/permissions.md', () => {
  it('shows the example explanation', () => {
    const lines = codeBlocks('### Example', 'text')[1]!.trim().split('\n');
    expect(lines).toEqual(formatExplanation(explanation));
  });

  it('shows the example in the explanation format', () => {
    const documented = JSON.parse(codeBlocks('## Explanation format', 'json')[0]!);
    expect(documented.nodeId).toBe(explanation.nodeId);
    expect(documented.rights).toBe(explanation.rights);
    for (const decision of documented.decisions) {
      expect(explanation.decisions).toContainEqual(decision);
    }
  });
});
