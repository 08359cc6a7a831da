/* The locale record SubstrateVM reads (com.oracle.svm.core.c.locale.LocaleCHelper, svm 25.0.2). */
#define SVM_LOCALE_INITIALIZATION_USE_DEFAULT 0
#define SVM_LOCALE_INITIALIZATION_SUCCEEDED 1
#define SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY 2
typedef struct {
  char *format_language, *format_script, *format_country, *format_variant;
  char *display_language, *display_script, *display_country, *display_variant;
} svm_locale_props_t;
int svm_initialize_locale(void);
svm_locale_props_t *svm_get_locale(void);
