/**
 * The AWS services the components use, from @pulumi/aws's per-service entry points. `import * as aws from
 * "@pulumi/aws"` loads every service's index at run time (about 0.1 s in each program and test process) and makes
 * TypeScript parse the declarations of all of them (3,288 files instead of about 1,000), in every type-check of the
 * package and of a consumer's stack that imports it. Components import this module as `aws`, so `aws.eks.Cluster`
 * reads as it does with the whole package. A new service is one line here.
 */
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as eks from "@pulumi/aws/eks";
export * as iam from "@pulumi/aws/iam";
export * as kms from "@pulumi/aws/kms";
export * as s3 from "@pulumi/aws/s3";
export * as vpc from "@pulumi/aws/vpc";
export { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export { getPartitionOutput } from "@pulumi/aws/getPartition";
export { getRegionOutput } from "@pulumi/aws/getRegion";
