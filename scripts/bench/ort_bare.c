/* The bare ONNX Runtime reference for scripts/bench/rank.sh: what one scoring run of a
 * rows x features float32 batch costs with nothing around it. The session is built exactly as
 * rankd builds its own (Sources/OnnxRuntime/SessionOptions.swift: 1 intra-op thread, 1 inter-op
 * thread, no spinning, ORT_ENABLE_ALL) and each run does what rankd's run does: wrap the caller's
 * buffer in a tensor, Run with ORT-allocated outputs, release them.
 *
 *   ort_bare MODEL.onnx BATCHES.f32 FEATURES ROWS RUNS [WARMUP [SCORES.f32]]
 *
 * BATCHES.f32 holds B batches of ROWS x FEATURES native-endian float32, back to back; run i
 * scores batch i mod B, so a tree model's branches see as many different inputs as the server's
 * do (one batch repeated thousands of times would train the branch predictor on it).
 * With SCORES.f32, one untimed pass first writes every batch's scores there (for checking them
 * against the server's). Prints one line:
 *   batches=B rows=R features=F runs=K cpu_us_median=... wall_us_median=... cpu_us_p90=...
 * CPU time is CLOCK_THREAD_CPUTIME_ID of the calling thread; with one intra-op thread ORT runs
 * on it, so this is the whole CPU cost of a run. */
#include <onnxruntime_c_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const OrtApi *ort;

static void check(OrtStatus *status, const char *what) {
    if (status == NULL) return;
    fprintf(stderr, "ort_bare: %s: %s\n", what, ort->GetErrorMessage(status));
    ort->ReleaseStatus(status);
    exit(1);
}

static double now_us(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(double *values, long n, double q) {
    qsort(values, (size_t)n, sizeof *values, by_value);
    return values[(long)(q * (double)(n - 1) + 0.5)];
}

static float *read_batches(const char *path, long features, long rows, long *batches) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long bytes = ftell(f);
    rewind(f);
    long batch_bytes = (long)sizeof(float) * features * rows;
    if (features <= 0 || rows <= 0 || bytes <= 0 || bytes % batch_bytes != 0) {
        fprintf(stderr, "ort_bare: %s has %ld bytes, not a whole number of %ld x %ld float batches\n",
                path, bytes, rows, features);
        exit(1);
    }
    float *data = malloc((size_t)bytes);
    if (data == NULL || fread(data, 1, (size_t)bytes, f) != (size_t)bytes) { perror(path); exit(1); }
    fclose(f);
    *batches = bytes / batch_bytes;
    return data;
}

static OrtSession *open_session(OrtEnv *env, const char *model) {
    OrtSessionOptions *options;
    check(ort->CreateSessionOptions(&options), "CreateSessionOptions");
    check(ort->SetIntraOpNumThreads(options, 1), "SetIntraOpNumThreads");
    check(ort->SetInterOpNumThreads(options, 1), "SetInterOpNumThreads");
    check(ort->SetSessionGraphOptimizationLevel(options, ORT_ENABLE_ALL), "SetSessionGraphOptimizationLevel");
    check(ort->AddSessionConfigEntry(options, "session.intra_op.allow_spinning", "0"), "allow_spinning");
    check(ort->AddSessionConfigEntry(options, "session.inter_op.allow_spinning", "0"), "allow_spinning");
    OrtSession *session;
    check(ort->CreateSession(env, model, options, &session), "CreateSession");
    ort->ReleaseSessionOptions(options);
    return session;
}

/* One scoring run as rankd does it; returns the first score so the work cannot be elided and,
 * with SCORES, copies all of them there. */
static float run_once(OrtSession *session, OrtMemoryInfo *memory, float *data, long rows, long features,
                      const char *input, const char *output, FILE *scores_out) {
    int64_t shape[2] = {rows, features};
    OrtValue *tensor = NULL, *result = NULL;
    check(ort->CreateTensorWithDataAsOrtValue(memory, data, (size_t)(rows * features) * sizeof(float), shape, 2,
                                              ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &tensor), "CreateTensor");
    check(ort->Run(session, NULL, &input, (const OrtValue *const *)&tensor, 1, &output, 1, &result), "Run");
    float *scores;
    check(ort->GetTensorMutableData(result, (void **)&scores), "GetTensorMutableData");
    float first = scores[0];
    if (scores_out != NULL && fwrite(scores, sizeof(float), (size_t)rows, scores_out) != (size_t)rows) {
        perror("ort_bare: writing scores");
        exit(1);
    }
    ort->ReleaseValue(result);
    ort->ReleaseValue(tensor);
    return first;
}

static void write_scores(const char *path, OrtSession *session, OrtMemoryInfo *memory, float *data,
                         long batches, long rows, long features, const char *input, const char *output) {
    FILE *out = fopen(path, "wb");
    if (out == NULL) { perror(path); exit(1); }
    for (long b = 0; b < batches; b++)
        run_once(session, memory, data + b * rows * features, rows, features, input, output, out);
    if (fclose(out) != 0) { perror(path); exit(1); }
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: ort_bare MODEL.onnx BATCHES.f32 FEATURES ROWS RUNS [WARMUP [SCORES.f32]]\n");
        return 2;
    }
    long features = atol(argv[3]), rows = atol(argv[4]), runs = atol(argv[5]);
    long warmup = argc > 6 ? atol(argv[6]) : 200;
    if (runs < 1 || warmup < 0) { fprintf(stderr, "ort_bare: RUNS must be >= 1, WARMUP >= 0\n"); return 2; }
    ort = OrtGetApiBase()->GetApi(ORT_API_VERSION);
    if (ort == NULL) { fprintf(stderr, "ort_bare: library does not serve API %d\n", ORT_API_VERSION); return 1; }
    long batches;
    float *data = read_batches(argv[2], features, rows, &batches);
    OrtEnv *env;
    check(ort->CreateEnv(ORT_LOGGING_LEVEL_ERROR, "ort_bare", &env), "CreateEnv");
    OrtSession *session = open_session(env, argv[1]);
    OrtAllocator *allocator;
    check(ort->GetAllocatorWithDefaultOptions(&allocator), "GetAllocator");
    char *input, *output;
    check(ort->SessionGetInputName(session, 0, allocator, &input), "SessionGetInputName");
    check(ort->SessionGetOutputName(session, 0, allocator, &output), "SessionGetOutputName");
    OrtMemoryInfo *memory;
    check(ort->CreateCpuMemoryInfo(OrtDeviceAllocator, OrtMemTypeDefault, &memory), "CreateCpuMemoryInfo");
    if (argc > 7) write_scores(argv[7], session, memory, data, batches, rows, features, input, output);

    volatile float sink = 0;
    long stride = rows * features;
    for (long i = 0; i < warmup; i++)
        sink += run_once(session, memory, data + (i % batches) * stride, rows, features, input, output, NULL);
    double *cpu = malloc(sizeof(double) * (size_t)runs), *wall = malloc(sizeof(double) * (size_t)runs);
    if (cpu == NULL || wall == NULL) { perror("malloc"); return 1; }
    /* ORT_BARE_EVICT_MB=N: between timed runs (untimed), read N MB so the model's trees are no
     * longer cached, as after a server's lookups over a large table: tells cold from warm cost. */
    long evict = getenv("ORT_BARE_EVICT_MB") ? atol(getenv("ORT_BARE_EVICT_MB")) << 20 : 0;
    volatile unsigned char *junk = evict > 0 ? calloc((size_t)evict, 1) : NULL;
    for (long i = 0; i < runs; i++) {
        float *batch = data + (i % batches) * stride;
        for (long b = 0; junk != NULL && b < evict; b += 64) junk[b]++;
        double c0 = now_us(CLOCK_THREAD_CPUTIME_ID), w0 = now_us(CLOCK_MONOTONIC);
        sink += run_once(session, memory, batch, rows, features, input, output, NULL);
        wall[i] = now_us(CLOCK_MONOTONIC) - w0;
        cpu[i] = now_us(CLOCK_THREAD_CPUTIME_ID) - c0;
    }
    double cpu_p90 = quantile(cpu, runs, 0.9), cpu_median = quantile(cpu, runs, 0.5);
    printf("batches=%ld rows=%ld features=%ld runs=%ld cpu_us_median=%.2f wall_us_median=%.2f cpu_us_p90=%.2f\n",
           batches, rows, features, runs, cpu_median, quantile(wall, runs, 0.5), cpu_p90);
    (void)sink;
    return 0;
}
