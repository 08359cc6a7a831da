package dev.iceflow.validation.nativeimage;

/** Why a CRT-backed checksum fails in the native image (see {@link Target_ChecksumProvider}). */
final class CrtAbsence {

  static final String MESSAGE =
      "this checksum needs the AWS CRT (software.amazon.awssdk.crt:aws-crt), not in the native image";

  private CrtAbsence() {}
}
