/** EBS devices for the CMK check tables of instances and launch templates. */
import { absent, present, unknown, type Fact } from '../../src/facts/fact.js';
import type { EbsDeviceKey, KmsKeyFacts } from '../../src/facts/catalogue.js';
import { AWS_MANAGED_ARN, CMK_ARN, cmk } from './kms-fixtures.js';

export const awsEbs: KmsKeyFacts = { keyId: 'aaaa1111-12ab-34cd-56ef-1234567890ab', arn: AWS_MANAGED_ARN, keyManager: 'AWS', keyState: 'Enabled', enabled: true, aliases: ['alias/aws/ebs'] };

export const device = (deviceName: string, keyRef: Fact<string>, key: Fact<KmsKeyFacts>, volumeId?: string): EbsDeviceKey => ({
  deviceName,
  keyRef,
  key,
  ...(volumeId ? { volumeId } : {}),
});

export const cmkRoot = device('/dev/xvda', present(CMK_ARN), present(cmk), 'vol-0aaa1111bbbb2222c');
export const cmkData = device('/dev/sdf', present(CMK_ARN), present(cmk), 'vol-0ddd3333eeee4444f');
export const plainData = device('/dev/sdg', absent('the volume is not encrypted'), absent('the volume is not encrypted'), 'vol-0fff5555aaaa6666b');
export const awsManagedData = device('/dev/sdh', present('alias/aws/ebs'), present(awsEbs), 'vol-0bbb7777cccc8888d');
export const unreadKey = device('/dev/sdi', present(CMK_ARN), unknown('kms:DescribeKey AccessDenied'), 'vol-0ccc9999dddd0000e');
