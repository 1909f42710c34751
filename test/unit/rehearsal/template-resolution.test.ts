/**
 * The pure parts of the rehearsal: resolving a synthesized template's intrinsics to local
 * resources, CloudFormation-style names, generated secrets, the partial-batch response rules of
 * the SQS event source, and reading a cloud assembly that is not there.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCloudAssembly } from '../../../rehearsal/cloud-assembly';
import {
  type PhysicalResource,
  type ResolveContext,
  resolveString,
  resolveValue,
} from '../../../rehearsal/intrinsics';
import { generateSecretString, physicalName } from '../../../rehearsal/provision';
import { RehearsalError } from '../../../rehearsal/rehearsal-error';
import { failedIds } from '../../../rehearsal/sqs-event-source';

const context: ResolveContext = {
  resources: new Map<string, PhysicalResource>([
    [
      'Queue',
      {
        ref: 'http://127.0.0.1:5000/123456789012/q',
        attributes: { Arn: 'arn:aws:sqs:us-east-1:123456789012:q' },
      },
    ],
    ['Api', { ref: 'abc123', attributes: { ApiEndpoint: 'http://127.0.0.1:6000' } }],
  ]),
  parameters: { 'AWS::Region': 'us-east-1', 'AWS::AccountId': '123456789012' },
};

describe('resolving a template against the local resources', () => {
  it('answers Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select and Fn::Split', () => {
    expect(resolveString({ Ref: 'Queue' }, context, 'x')).toBe(
      'http://127.0.0.1:5000/123456789012/q',
    );
    expect(resolveString({ 'Fn::GetAtt': ['Api', 'ApiEndpoint'] }, context, 'x')).toBe(
      'http://127.0.0.1:6000',
    );
    expect(resolveString({ 'Fn::Join': ['/', [{ Ref: 'AWS::Region' }, 'a']] }, context, 'x')).toBe(
      'us-east-1/a',
    );
    expect(
      resolveString(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
        { 'Fn::Sub': ['${AWS::Region}|${Queue.Arn}|${Extra}', { Extra: 'x' }] },
        context,
        'x',
      ),
    ).toBe('us-east-1|arn:aws:sqs:us-east-1:123456789012:q|x');
    expect(
      resolveString({ 'Fn::Select': [1, { 'Fn::Split': [':', 'a:b:c'] }] }, context, 'x'),
    ).toBe('b');
    expect(resolveValue({ nested: [{ Ref: 'Api' }] }, context, 'x')).toEqual({
      nested: ['abc123'],
    });
  });

  it('names what it cannot resolve and where', () => {
    expect(() => resolveString({ Ref: 'Missing' }, context, 'Fn.Environment.Variables.X')).toThrow(
      /Fn\.Environment\.Variables\.X refers to Missing/,
    );
    expect(() => resolveString({ 'Fn::GetAtt': ['Api', 'Nope'] }, context, 'Out')).toThrow(
      /Api\.Nope/,
    );
    expect(() => resolveString({ 'Fn::ImportValue': 'x' }, context, 'Out')).toThrow(RehearsalError);
  });
});

describe('names and secrets like CloudFormation and Secrets Manager make them', () => {
  it('names a resource <stack>-<logicalId>-<suffix>, stably and within the limit', () => {
    const name = physicalName('NewsletterLocal', 'DeliveryComposeFunction672DC6C0');
    expect(name).toMatch(/^NewsletterLocal-DeliveryComposeFunction672DC6C0-[0-9A-F]{12}$/);
    expect(physicalName('NewsletterLocal', 'DeliveryComposeFunction672DC6C0')).toBe(name);
    expect(physicalName('S', 'X'.repeat(200), 63)).toHaveLength(63);
  });

  it('generates a secret of the asked length and alphabet', () => {
    const secret = generateSecretString({
      PasswordLength: 64,
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(secret).toMatch(/^[A-Za-z0-9]{64}$/);
    const templated = JSON.parse(
      generateSecretString({
        SecretStringTemplate: '{"user":"u"}',
        GenerateStringKey: 'password',
        PasswordLength: 8,
      }),
    );
    expect(templated.user).toBe('u');
    expect(templated.password).toHaveLength(8);
  });
});

describe('the partial batch response of an SQS event source', () => {
  const messages = [{ MessageId: 'a' }, { MessageId: 'b' }];
  it('keeps only the named records, or all of them when the answer is invalid', () => {
    expect([
      ...failedIds({ batchItemFailures: [{ itemIdentifier: 'b' }] }, messages, true),
    ]).toEqual(['b']);
    expect([...failedIds({ batchItemFailures: [] }, messages, true)]).toEqual([]);
    expect([...failedIds(null, messages, true)]).toEqual([]);
    expect(
      [...failedIds({ batchItemFailures: [{ itemIdentifier: 'zz' }] }, messages, true)].sort(),
    ).toEqual(['a', 'b']);
    expect([
      ...failedIds({ batchItemFailures: [{ itemIdentifier: 'b' }] }, messages, false),
    ]).toEqual([]);
  });
});

describe('reading cdk.out', () => {
  it('says to synth first when there is no cloud assembly', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'no-assembly-'));
    expect(() => readCloudAssembly(dir)).toThrow(
      /manifest\.json does not exist: run `npm run synth` first/,
    );
    writeFileSync(path.join(dir, 'manifest.json'), '{ not json');
    expect(() => readCloudAssembly(dir)).toThrow(/is not readable JSON/);
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ artifacts: {} }));
    expect(() => readCloudAssembly(dir)).toThrow(/holds 0 CloudFormation stacks/);
  });
});
