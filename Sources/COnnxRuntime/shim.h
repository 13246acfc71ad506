// Headers are found through pkg-config libonnxruntime (Cflags: -I<prefix>/include/onnxruntime).
#include <onnxruntime_c_api.h>
