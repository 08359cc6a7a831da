/*
 * libsvm_container: the container queries SubstrateVM makes (com.oracle.svm.core.container.ContainerLibrary).
 * This toolchain reports no container limits: the image then sizes itself from the host's memory and
 * CPUs, as on a plain machine. (A Lambda's memory limit is enforced by its sandbox either way.)
 */
#include <stdint.h>
#include <unistd.h>

#define NO_LIMIT (-1)

int svm_container_initialize(int version) { (void) version; return 0; }
uint64_t svm_container_physical_memory(void) {
  return (uint64_t) sysconf(_SC_PHYS_PAGES) * (uint64_t) sysconf(_SC_PAGESIZE);
}
long svm_container_memory_limit_in_bytes(void) { return NO_LIMIT; }
long svm_container_memory_and_swap_limit_in_bytes(void) { return NO_LIMIT; }
long svm_container_memory_soft_limit_in_bytes(void) { return NO_LIMIT; }
long svm_container_memory_usage_in_bytes(void) { return NO_LIMIT; }
long svm_container_memory_max_usage_in_bytes(void) { return NO_LIMIT; }
long svm_container_rss_usage_in_bytes(void) { return NO_LIMIT; }
long svm_container_cache_usage_in_bytes(void) { return NO_LIMIT; }
int svm_container_active_processor_count(void) { return (int) sysconf(_SC_NPROCESSORS_ONLN); }
