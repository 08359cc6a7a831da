package dev.iceflow.validation.nativeimage;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import software.amazon.awssdk.checksums.SdkChecksum;

/**
 * Native image only: the AWS SDK's checksum provider without the AWS CRT, which the package does
 * not carry. The CRT-backed checksums (CRC64NVME, xxHash) name CRT classes directly, and the native
 * build links every reachable class at build time; quarkus-amazon-common substitutes the same
 * methods, but under the class's former name (CrcChecksumProvider, before AWS SDK 2.57). On the JVM
 * this class is never loaded. (A substitution class holds only substituted members.)
 */
@TargetClass(className = "software.amazon.awssdk.checksums.internal.ChecksumProvider")
final class Target_ChecksumProvider {

  /** No CRT: the provider falls back to the SDK's own CRC32C, as it does on a JVM without it. */
  @Substitute
  static SdkChecksum createCrtCrc32C() {
    return null;
  }

  @Substitute
  static SdkChecksum crc64NvmeCrtImplementation() {
    throw new UnsupportedOperationException(CrtAbsence.MESSAGE);
  }

  @Substitute
  public static SdkChecksum xxHash64CrtImplementation() {
    throw new UnsupportedOperationException(CrtAbsence.MESSAGE);
  }

  @Substitute
  public static SdkChecksum xxHash3CrtImplementation() {
    throw new UnsupportedOperationException(CrtAbsence.MESSAGE);
  }

  @Substitute
  public static SdkChecksum xxHash128CrtImplementation() {
    throw new UnsupportedOperationException(CrtAbsence.MESSAGE);
  }
}
