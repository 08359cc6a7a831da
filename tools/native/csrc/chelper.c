/*
 * libchelper: the C helpers SubstrateVM's Java code calls through @CFunction (names and
 * signatures from the svm 25.0.2 jar's declarations). Written for the self-assembled toolchain:
 * a GraalVM distribution ships its own build of these.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "amd64cpufeatures.h"
#include "svm_locale.h"

extern char **environ;

char **getEnviron(void) { return environ; }

int getThreadId(void) { return (int) syscall(SYS_gettid); }

long getThreadUserTimeSlow(int tid) {
  /* CPU time of a thread: utime field of /proc/self/task/<tid>/stat, in nanoseconds. */
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
  FILE *f = fopen(path, "r");
  if (f == NULL) return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  char *p = strrchr(buf, ')');
  if (p == NULL) return -1;
  unsigned long utime = 0;
  /* after ") " come fields 3..: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime */
  if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu", &utime) != 1) return -1;
  return (long) utime * (1000000000L / sysconf(_SC_CLK_TCK));
}


/* Fixed-arity wrappers around variadic libc functions (a @CFunction cannot be variadic). */
int fprintfSD(FILE *stream, const char *format, const char *s, int d) { return fprintf(stream, format, s, d); }
int openSII(const char *path, int flags, int mode) { return open(path, flags, mode); }
int openatISII(int dirfd, const char *path, int flags, int mode) { return openat(dirfd, path, flags, mode); }
void *mremapP(void *old_address, size_t old_size, size_t new_size, int flags, void *new_address) {
  return mremap(old_address, old_size, new_size, flags, new_address);
}

/* ---- CPU features (x86-64): reported only when cpuid (and the OS, for AVX state) says so. ---- */
static int bit(unsigned v, int b) { return (v >> b) & 1; }

void determineCPUFeatures(CPUFeatures *f) {
  memset(f, 0, sizeof *f);
  unsigned a, b, c, d, max;
  max = __get_cpuid_max(0, NULL);
  if (max < 1) return;
  __cpuid(1, a, b, c, d);
  f->fCX8 = bit(d, 8); f->fCMOV = bit(d, 15); f->fMMX = bit(d, 23); f->fFXSR = bit(d, 24);
  f->fSSE = bit(d, 25); f->fSSE2 = bit(d, 26); f->fTSC = bit(d, 4); f->fFLUSH = bit(d, 19);
  f->fSSE3 = bit(c, 0); f->fCLMUL = bit(c, 1); f->fSSSE3 = bit(c, 9); f->fFMA = bit(c, 12);
  f->fSSE4_1 = bit(c, 19); f->fSSE4_2 = bit(c, 20); f->fPOPCNT = bit(c, 23); f->fAES = bit(c, 25);
  f->fF16C = bit(c, 29); f->fHV = bit(c, 31);
  int osAvx = 0;
  if (bit(c, 27) && bit(c, 28)) { /* OSXSAVE and AVX: is the YMM state enabled by the OS? */
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    osAvx = (lo & 6) == 6;
  }
  f->fAVX = osAvx;
  if (!osAvx) { f->fFMA = 0; f->fF16C = 0; }
  f->fVZEROUPPER = osAvx;
  if (max >= 7) {
    __cpuid_count(7, 0, a, b, c, d);
    f->fBMI1 = bit(b, 3); f->fAVX2 = osAvx && bit(b, 5); f->fBMI2 = bit(b, 8); f->fERMS = bit(b, 9);
    f->fADX = bit(b, 19); f->fFLUSHOPT = bit(b, 23); f->fCLWB = bit(b, 24); f->fSHA = bit(b, 29);
    f->fFSRM = bit(d, 4);
    /* AVX-512 and newer extensions stay off: this toolchain does not check their OS state. */
  }
  unsigned emax = __get_cpuid_max(0x80000000, NULL);
  if (emax >= 0x80000001) {
    __cpuid(0x80000001, a, b, c, d);
    f->fLZCNT = bit(c, 5); f->fSSE4A = bit(c, 6); f->fAMD_3DNOW_PREFETCH = bit(c, 8);
  }
}

/*
 * The image checks at start that this CPU has the features it was compiled for. The encoding of
 * that requirement is the builder's own, not published with the jars; this toolchain compiles for
 * the machine that builds (or x86-64-v3, which Lambda's x86_64 hosts have) and accepts the CPU.
 */
int checkCPUFeatures(const char *buildtimeFeatures) {
  (void) buildtimeFeatures;
  return 0;
}

int checkCPUFeaturesOrExit(const char *buildtimeFeatures, const char *errorMessage) {
  (void) errorMessage;
  return checkCPUFeatures(buildtimeFeatures);
}

/* ---- sun.misc.Signal support: the handler counts signals, a Java thread drains them. ---- */
static sem_t signal_semaphore;
static volatile int pending_signals[NSIG];

static void signal_handler(int sig) {
  __atomic_add_fetch(&pending_signals[sig], 1, __ATOMIC_SEQ_CST);
  sem_post(&signal_semaphore);
}

int cSunMiscSignal_open(void) {
  memset((void *) pending_signals, 0, sizeof pending_signals);
  return sem_init(&signal_semaphore, 0, 0);
}
int cSunMiscSignal_close(void) { return sem_destroy(&signal_semaphore); }
int cSunMiscSignal_awaitSemaphore(void) {
  int r;
  while ((r = sem_wait(&signal_semaphore)) != 0 && errno == EINTR) {
  }
  return r;
}
int cSunMiscSignal_signalSemaphore(void) { return sem_post(&signal_semaphore); }
int cSunMiscSignal_signalRangeCheck(int sig) { return sig > 0 && sig < NSIG; }
int cSunMiscSignal_checkPendingSignal(void) {
  for (int sig = 1; sig < NSIG; sig++) {
    int count = pending_signals[sig];
    while (count > 0) {
      if (__atomic_compare_exchange_n(&pending_signals[sig], &count, count - 1, 0, __ATOMIC_SEQ_CST,
                                      __ATOMIC_SEQ_CST)) {
        return sig;
      }
    }
  }
  return -1;
}
void *cSunMiscSignal_signalHandlerFunctionPointer(void) { return (void *) signal_handler; }

/* ---- locale: the POSIX locale categories, split into language/country/variant. ---- */
static svm_locale_props_t locale_props;

static void split_locale(const char *name, char **language, char **country, char **variant) {
  *language = *country = *variant = NULL;
  if (name == NULL || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0) {
    *language = strdup("en");
    return;
  }
  char *copy = strdup(name);
  char *at = strchr(copy, '@');
  if (at != NULL) { *at = '\0'; *variant = strdup(at + 1); }
  char *dot = strchr(copy, '.');
  if (dot != NULL) *dot = '\0';
  char *underscore = strchr(copy, '_');
  if (underscore != NULL) { *underscore = '\0'; *country = strdup(underscore + 1); }
  *language = strdup(copy);
  free(copy);
}

int svm_initialize_locale(void) {
  setlocale(LC_ALL, "");
  split_locale(setlocale(LC_CTYPE, NULL), &locale_props.format_language, &locale_props.format_country,
               &locale_props.format_variant);
  split_locale(setlocale(LC_MESSAGES, NULL), &locale_props.display_language, &locale_props.display_country,
               &locale_props.display_variant);
  return SVM_LOCALE_INITIALIZATION_SUCCEEDED;
}

svm_locale_props_t *svm_get_locale(void) { return &locale_props; }

/* ---- time zone: TZ, else the /etc/localtime link, else UTC. The caller frees the result. ---- */
char *SVM_FindJavaTZmd(const char *tzMappings, int length) {
  (void) tzMappings; (void) length;
  const char *tz = getenv("TZ");
  if (tz != NULL && *tz != '\0') return strdup(*tz == ':' ? tz + 1 : tz);
  char target[PATH_MAX];
  ssize_t n = readlink("/etc/localtime", target, sizeof target - 1);
  if (n > 0) {
    target[n] = '\0';
    const char *zoneinfo = strstr(target, "zoneinfo/");
    if (zoneinfo != NULL) return strdup(zoneinfo + strlen("zoneinfo/"));
  }
  return strdup("UTC");
}
