/*
 * libjvm.a: the JVM_* functions SubstrateVM's own code calls (com.oracle.svm.core.jdk.Jvm), and the
 * JNI_OnLoad_<lib> entry points it calls for the JDK's built-in libraries. The self-assembled
 * toolchain links the JDK's libraries dynamically (no static JDK libraries here), so each
 * JNI_OnLoad_<lib> forwards to that shared library's JNI_OnLoad.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <jni.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <sys/time.h>
#include <unistd.h>

void initialize(void) {}


int JVM_ActiveProcessorCount(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
  return (int) sysconf(_SC_NPROCESSORS_ONLN);
}

jlong JVM_CurrentTimeMillis(void *env, void *ignored) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return (jlong) tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

void *JVM_RegisterSignal(jint sig, void *handler) {
  struct sigaction action, previous;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  action.sa_handler = (void (*)(int)) handler;
  if (sigaction(sig, &action, &previous) != 0) return (void *) -1;
  return (void *) previous.sa_handler;
}

static jint forward_on_load(const char *library, JavaVM *vm, void *reserved) {
  void *handle = dlopen(library, RTLD_NOW | RTLD_NOLOAD);
  if (handle == NULL) return JNI_VERSION_1_8;
  jint (*on_load)(JavaVM *, void *) = (jint (*)(JavaVM *, void *)) dlsym(handle, "JNI_OnLoad");
  if (on_load == NULL) return JNI_VERSION_1_8;
  jint version = on_load(vm, reserved);
  /* a built-in library must declare JNI 1.8 or later (JEP 178); the shared ones say less */
  return version < JNI_VERSION_1_8 ? JNI_VERSION_1_8 : version;
}

JNIEXPORT jint JNICALL JNI_OnLoad_java(JavaVM *vm, void *reserved) { return forward_on_load("libjava.so", vm, reserved); }
JNIEXPORT jint JNICALL JNI_OnLoad_nio(JavaVM *vm, void *reserved) { return forward_on_load("libnio.so", vm, reserved); }
JNIEXPORT jint JNICALL JNI_OnLoad_net(JavaVM *vm, void *reserved) { return forward_on_load("libnet.so", vm, reserved); }
JNIEXPORT jint JNICALL JNI_OnLoad_zip(JavaVM *vm, void *reserved) { return forward_on_load("libzip.so", vm, reserved); }
JNIEXPORT jint JNICALL JNI_OnLoad_jimage(JavaVM *vm, void *reserved) { return forward_on_load("libjimage.so", vm, reserved); }
JNIEXPORT jint JNICALL JNI_OnLoad_extnet(JavaVM *vm, void *reserved) { return forward_on_load("libextnet.so", vm, reserved); }
JNIEXPORT jint JNICALL JNI_OnLoad_prefs(JavaVM *vm, void *reserved) { return forward_on_load("libprefs.so", vm, reserved); }
JNIEXPORT jint JNICALL JNI_OnLoad_management_ext(JavaVM *vm, void *reserved) { return forward_on_load("libmanagement_ext.so", vm, reserved); }
