import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readArticleFile } from '../../adapters/files/article-file';
import { compileTemplate, locateFillError } from '../../adapters/templates/compile-template';
import type { NewsletterConfig } from '../../core/config';
import { draftIssue, type IssueDraft, prepareDraft } from '../../core/issue/compose-issue';
import { clipBytes, GMAIL_CLIP_BYTES } from '../../core/render/gmail-clip';
import { createMessageRenderer } from '../../core/render/message-renderer';
import { createMessageContext, prepareMessage } from '../../core/render/prepare-message';
import type { CompiledTemplate } from '../../core/render/types';
import { loadLocalConfig } from '../local-config';
import { checkOutputFolder, makeOutputFolder, writeOutput } from '../output-folder';

export interface RenderOptions {
  readonly article: string;
  readonly out: string;
  readonly maxPoints?: number;
}

/** A sample recipient for the rendered .eml; example.com never receives mail. */
const SAMPLE_RECIPIENT = {
  id: 'sample-recipient',
  email: 'reader@example.com',
  name: 'Sam Reader',
};

/** The issue fitted under Gmail's clip as send fits it, rendered, and its sample message. */
async function renderSample(
  draft: IssueDraft,
  template: CompiledTemplate,
  config: NewsletterConfig,
) {
  const { prepared, notes } = await prepareDraft(draft, template, config);
  const rendered = createMessageRenderer(prepared).render({
    name: SAMPLE_RECIPIENT.name,
    unsubscribeUrl: `${config.publicUrl}/unsubscribe`,
  });
  // The sample message's token is signed with a throwaway secret: for looking at, not using.
  const context = createMessageContext({
    prepared,
    config,
    secret: randomBytes(32).toString('hex'),
  });
  return { prepared, notes, rendered, message: prepareMessage(context, SAMPLE_RECIPIENT) };
}

/**
 * `newsletter render`: the issue exactly as subscribers would get it, without sending: the
 * archive HTML, the text part and one complete message for a sample recipient.
 */
export async function runRender(options: RenderOptions): Promise<void> {
  const config = loadLocalConfig();
  // The article and the folder are checked before the template is compiled, which takes longest.
  const draft = draftIssue(await readArticleFile(options.article), {
    maxPoints: options.maxPoints,
  });
  // Only checked here; made just before the files are written, so a render that fails between
  // (the template, the fitting) leaves no empty folder behind.
  await checkOutputFolder('--out', options.out);
  const template = await compileTemplate('newsletter');
  const { prepared, notes, rendered, message } = await renderSample(draft, template, config).catch(
    async (error: unknown) => {
      // A value the template cannot fill is named at the line of the .mjml that writes it.
      throw await locateFillError(error, template);
    },
  );

  await makeOutputFolder('--out', options.out);
  await writeOutput('--out', async () => {
    await writeFile(path.join(options.out, 'index.html'), rendered.html);
    await writeFile(path.join(options.out, 'newsletter.txt'), rendered.text);
    await writeFile(path.join(options.out, 'message.eml'), message.raw);
  });

  const htmlBytes = clipBytes(rendered.html);
  const clip =
    htmlBytes > GMAIL_CLIP_BYTES ? " — over Gmail's 102 KB clip!" : ' (Gmail clips at 102 KB)';
  process.stdout.write(
    [
      `Subject    ${prepared.issue.subject}`,
      `Preheader  ${prepared.issue.preheader}`,
      `HTML       ${(htmlBytes / 1024).toFixed(1)} KB as sent${clip}`,
      ...notes.map((note) => `Fitted     ${note}`),
      `Wrote      ${path.join(options.out, 'index.html')}, newsletter.txt, message.eml`,
      '',
    ].join('\n'),
  );
}
