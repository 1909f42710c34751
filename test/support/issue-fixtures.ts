/** A small list, template and article for unit tests of composing and delivering an issue. */
import { parseNewsletterConfig } from '../../lambda/core/config';
import type { CompiledTemplate } from '../../lambda/core/render/types';

export const testListConfig = parseNewsletterConfig({
  listName: 'Test List',
  listId: 'test.example.com',
  fromAddress: 'news@example.com',
  postalAddress: '1 Test Street, Testville',
  publicUrl: 'http://127.0.0.1:8787',
  sendRateCap: 10,
});

/** A tiny stand-in for a compiled MJML template: composing and delivering do not care about layout. */
export const tinyTemplate: CompiledTemplate = {
  name: 'newsletter',
  version: 'test',
  html: '<h1>{{issue.title}}</h1>{{#each issue.keyPoints}}<p>{{summary}}</p>{{/each}}<a href="{{recipient.unsubscribeUrl}}">Unsubscribe</a> {{list.postalAddress}}',
  text: '{{issue.title}} {{recipient.unsubscribeUrl}} {{list.postalAddress}}',
};

export const riverArticle = {
  name: 'weekly.md',
  bytes: new TextEncoder().encode(
    '---\ntitle: Rivers in spring\n---\nThe river rose by two metres overnight, flooding the lower town.\n\n## What happened\n\nHeavy rain fell on frozen ground, so the water ran straight into the river.\n\n## What comes next\n\nEngineers will inspect the old bridge before it reopens to traffic.\n',
  ),
};
