package dev.iceflow.local.provision;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/** The customer-managed key, with rotation on, found by alias or created. */
final class KmsProvisioning {

  private final KmsClient kms;

  KmsProvisioning(KmsClient kms) {
    this.kms = kms;
  }

  String ensureKey(String alias, String description) {
    for (AliasListEntry entry : kms.listAliasesPaginator().aliases()) {
      if (entry.aliasName().equals(alias) && entry.targetKeyId() != null) {
        return kms.describeKey(r -> r.keyId(entry.targetKeyId())).keyMetadata().arn();
      }
    }
    var key =
        kms.createKey(r -> r.description(description).keyUsage(KeyUsageType.ENCRYPT_DECRYPT))
            .keyMetadata();
    kms.enableKeyRotation(r -> r.keyId(key.keyId()));
    kms.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
    return key.arn();
  }
}
