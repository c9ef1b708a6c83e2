/*
 * phasesim: a controllable MPI simulation for Odop's co-location benchmarks.
 *
 * Each rank runs --steps steps of three phases:
 *   compute      busy arithmetic (a 1-D smoothing sweep over a small array) on the rank's core,
 *   communicate  a ring halo exchange and an MPI_Allreduce with a real payload,
 *   idle / I-O   nanosleep, or writing a result file when this step produces one.
 * Optionally a helper pthread bursts onto another core every few steps, and ranks write result
 * files that a harness can pick up from "RESULT <path>" lines on stdout.
 *
 * Rank 0 writes a per-step timing CSV (--timing) and prints one JSON summary line at the end.
 * Build: make -C bench/phasesim   (see bench/phasesim/README.md)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <mpi.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EXIT_USAGE 2

/* ------------------------------------------------------------------ configuration */

enum compute_mode { MODE_WORK, MODE_TIME };

struct config {
    long steps;
    double compute_ms;
    enum compute_mode compute_mode;
    long compute_kb;
    double work_per_ms; /* element updates per ms of CPU time; 0 = calibrate */
    double comm_ms;
    long comm_bytes;
    double idle_ms;
    double jitter;
    unsigned long long seed;
    long helper_core; /* -1 = no helper */
    long helper_every;
    double helper_ms;
    long helper_rank; /* -1 = every rank */
    int helper_every_set, helper_ms_set, helper_rank_set;
    long output_every; /* 0 = no output */
    const char *out_dir;
    long output_bytes;
    int output_bytes_set;
    const char *timing;
    int log_all;
};

static void config_defaults(struct config *c)
{
    memset(c, 0, sizeof *c);
    c->steps = 20;
    c->compute_ms = 50.0;
    c->compute_mode = MODE_WORK;
    c->compute_kb = 32;
    c->comm_ms = 10.0;
    c->comm_bytes = 64 * 1024;
    c->idle_ms = 40.0;
    c->seed = 1;
    c->helper_core = -1;
    c->helper_every = 4;
    c->helper_ms = 200.0;
    c->helper_rank = 0;
    c->output_bytes = 64 * 1024;
}

static const char usage_text[] =
    "usage: mpirun [...] phasesim [options]\n"
    "\n"
    "A controllable MPI simulation: every step is a compute, a communicate and an idle/I-O phase.\n"
    "\n"
    "Phases (times are per step, per rank):\n"
    "  --steps N            steps to run (default 20)\n"
    "  --compute-ms X       compute phase: busy arithmetic on the rank's core (default 50)\n"
    "  --compute-mode M     work: a fixed amount of arithmetic calibrated to take X ms of CPU time,\n"
    "                       so sharing the core makes it slower (default); time: busy until X ms of\n"
    "                       wall time have passed\n"
    "  --compute-kb K       working set of the compute kernel in KiB (default 32)\n"
    "  --work-per-ms X      skip calibration: element updates per ms of CPU time (the summary's\n"
    "                       work_per_ms of an earlier run, to compare runs with the same work)\n"
    "  --comm-ms X          communicate phase: repeat halo exchange + MPI_Allreduce rounds until\n"
    "                       X ms have passed (at least one round; default 10)\n"
    "  --comm-bytes N       payload of each halo message and of each allreduce (default 64K)\n"
    "  --idle-ms X          idle / I-O phase: nanosleep, less the time spent writing output\n"
    "                       (default 40)\n"
    "  --jitter F           scale each phase by a uniform factor in [1-F, 1+F], 0 <= F < 1\n"
    "                       (default 0)\n"
    "  --seed N             seed of the jitter (default 1; rank R uses a stream derived from N, R)\n"
    "\n"
    "Helper-thread bursts (a simulation that spills onto a core that looked idle):\n"
    "  --helper-core C      enable: a pthread pins itself to CPU C and burns CPU\n"
    "  --helper-every K     ... at the start of steps K, 2K, 3K, ... (default 4)\n"
    "  --helper-ms M        ... for M ms of wall time, then sleeps (default 200)\n"
    "  --helper-rank R      which rank has the helper: a rank number or 'all' (default 0)\n"
    "\n"
    "Result files:\n"
    "  --out DIR            write DIR/step_XXXX_rank_R.dat (created if missing) and print\n"
    "                       'RESULT <absolute path>' on stdout once each file is complete\n"
    "  --output-every K     ... after steps K-1, 2K-1, ... (default 1 when --out is given)\n"
    "  --output-bytes N     size of each file (default 64K; suffixes K, M, G)\n"
    "\n"
    "Timing:\n"
    "  --timing FILE        write rank,step,compute_ms,comm_ms,idle_ms,step_ms,wall_s (CSV)\n"
    "  --log-all            log every rank in the CSV, not only rank 0\n"
    "  -h, --help           show this help\n"
    "\n"
    "At the end rank 0 prints one JSON line: {\"kind\":\"phasesim\",\"ranks\":..,\"steps\":..,\n"
    "\"wall_s\":..,\"step_ms_median\":..,\"step_ms_p90\":..,\"compute_ms_median\":..,...}\n"
    "(statistics over every rank's steps). Exit status: 0 ok, 2 bad usage, 1 runtime error.\n";

/* Parse errors are reported by rank 0 only; every rank then exits with EXIT_USAGE. */
static char parse_error[512];

static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(parse_error, sizeof parse_error, fmt, ap);
    va_end(ap);
    return -1;
}

static int parse_long(const char *flag, const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno == ERANGE)
        return fail("%s: '%s' is not an integer", flag, s);
    if (v < min || v > max)
        return fail("%s: %ld is out of range [%ld, %ld]", flag, v, min, max);
    *out = v;
    return 0;
}

/* A byte count: an integer with an optional K, M or G suffix (powers of 1024). */
static int parse_size(const char *flag, const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || errno == ERANGE || v < 0)
        return fail("%s: '%s' is not a byte count (e.g. 4096, 64K, 2M)", flag, s);
    long long mul = 1;
    if (*end != '\0') {
        switch (*end) {
        case 'k': case 'K': mul = 1LL << 10; break;
        case 'm': case 'M': mul = 1LL << 20; break;
        case 'g': case 'G': mul = 1LL << 30; break;
        default: return fail("%s: '%s' is not a byte count (e.g. 4096, 64K, 2M)", flag, s);
        }
        if (end[1] != '\0' && !((end[1] == 'i' || end[1] == 'B') && end[2] == '\0') &&
            !(end[1] == 'i' && end[2] == 'B' && end[3] == '\0'))
            return fail("%s: '%s' is not a byte count (e.g. 4096, 64K, 2M)", flag, s);
    }
    if (v > LLONG_MAX / mul || v * mul < min || v * mul > max)
        return fail("%s: '%s' is out of range [%ld, %ld] bytes", flag, s, min, max);
    *out = (long)(v * mul);
    return 0;
}

static int parse_double(const char *flag, const char *s, double min, double max, int max_inclusive,
                        double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || errno == ERANGE || !isfinite(v))
        return fail("%s: '%s' is not a number", flag, s);
    if (v < min || v > max || (!max_inclusive && v == max))
        return fail("%s: %s is out of range [%g, %g%s", flag, s, min, max, max_inclusive ? "]" : ")");
    *out = v;
    return 0;
}

static int parse_seed(const char *flag, const char *s, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (*s == '-' || *s == '\0')
        return fail("%s: '%s' is not a non-negative integer", flag, s);
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return fail("%s: '%s' is not a non-negative integer", flag, s);
    *out = v;
    return 0;
}

/* Returns 0 to run, 1 for --help, -1 on a usage error (message in parse_error). */
static int parse_args(int argc, char **argv, struct config *c)
{
    const double max_ms = 3600.0 * 1000.0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
            return 1;
        if (strncmp(arg, "--", 2) != 0)
            return fail("unexpected argument '%s' (options start with --; see --help)", arg);

        /* --flag=value or --flag value */
        char name[64];
        const char *value = NULL;
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
        if (len >= sizeof name)
            return fail("unknown option '%s' (see --help)", arg);
        memcpy(name, arg, len);
        name[len] = '\0';

        if (strcmp(name, "--log-all") == 0) {
            if (eq)
                return fail("--log-all takes no value");
            c->log_all = 1;
            continue;
        }

        static const char *const with_value[] = {
            "--steps", "--compute-ms", "--compute-mode", "--compute-kb", "--work-per-ms",
            "--comm-ms", "--comm-bytes", "--idle-ms", "--jitter", "--seed", "--helper-core",
            "--helper-every", "--helper-ms", "--helper-rank", "--output-every", "--out",
            "--output-bytes", "--timing", NULL};
        int known = 0;
        for (int k = 0; with_value[k]; k++)
            if (strcmp(name, with_value[k]) == 0)
                known = 1;
        if (!known)
            return fail("unknown option '%s' (see --help)", name);
        if (eq) {
            value = eq + 1;
        } else {
            if (i + 1 >= argc)
                return fail("%s needs a value", name);
            value = argv[++i];
        }

        int rc = 0;
        if (strcmp(name, "--steps") == 0) {
            rc = parse_long(name, value, 1, 100000000, &c->steps);
        } else if (strcmp(name, "--compute-ms") == 0) {
            rc = parse_double(name, value, 0, max_ms, 1, &c->compute_ms);
        } else if (strcmp(name, "--compute-mode") == 0) {
            if (strcmp(value, "work") == 0)
                c->compute_mode = MODE_WORK;
            else if (strcmp(value, "time") == 0)
                c->compute_mode = MODE_TIME;
            else
                rc = fail("%s: '%s' is not 'work' or 'time'", name, value);
        } else if (strcmp(name, "--compute-kb") == 0) {
            rc = parse_long(name, value, 1, 1024 * 1024, &c->compute_kb);
        } else if (strcmp(name, "--work-per-ms") == 0) {
            rc = parse_double(name, value, 0, 1e15, 1, &c->work_per_ms);
            if (rc == 0 && c->work_per_ms <= 0)
                rc = fail("%s: must be greater than 0", name);
        } else if (strcmp(name, "--comm-ms") == 0) {
            rc = parse_double(name, value, 0, max_ms, 1, &c->comm_ms);
        } else if (strcmp(name, "--comm-bytes") == 0) {
            rc = parse_size(name, value, 0, 1L << 30, &c->comm_bytes);
        } else if (strcmp(name, "--idle-ms") == 0) {
            rc = parse_double(name, value, 0, max_ms, 1, &c->idle_ms);
        } else if (strcmp(name, "--jitter") == 0) {
            rc = parse_double(name, value, 0, 1, 0, &c->jitter);
        } else if (strcmp(name, "--seed") == 0) {
            rc = parse_seed(name, value, &c->seed);
        } else if (strcmp(name, "--helper-core") == 0) {
            rc = parse_long(name, value, 0, CPU_SETSIZE - 1, &c->helper_core);
        } else if (strcmp(name, "--helper-every") == 0) {
            rc = parse_long(name, value, 1, 100000000, &c->helper_every);
            c->helper_every_set = 1;
        } else if (strcmp(name, "--helper-ms") == 0) {
            rc = parse_double(name, value, 0, max_ms, 1, &c->helper_ms);
            c->helper_ms_set = 1;
        } else if (strcmp(name, "--helper-rank") == 0) {
            if (strcmp(value, "all") == 0)
                c->helper_rank = -1;
            else
                rc = parse_long(name, value, 0, INT_MAX, &c->helper_rank);
            c->helper_rank_set = 1;
        } else if (strcmp(name, "--output-every") == 0) {
            rc = parse_long(name, value, 1, 100000000, &c->output_every);
        } else if (strcmp(name, "--out") == 0) {
            if (*value == '\0')
                rc = fail("%s: the folder must not be empty", name);
            c->out_dir = value;
        } else if (strcmp(name, "--output-bytes") == 0) {
            rc = parse_size(name, value, 1, 1L << 30, &c->output_bytes);
            c->output_bytes_set = 1;
        } else if (strcmp(name, "--timing") == 0) {
            if (*value == '\0')
                rc = fail("%s: the file name must not be empty", name);
            c->timing = value;
        }
        if (rc)
            return rc;
    }

    if (c->helper_core < 0 && (c->helper_every_set || c->helper_ms_set || c->helper_rank_set))
        return fail("--helper-every, --helper-ms and --helper-rank need --helper-core");
    if (c->output_every > 0 && !c->out_dir)
        return fail("--output-every needs --out DIR");
    if (c->output_bytes_set && !c->out_dir)
        return fail("--output-bytes needs --out DIR");
    if (c->out_dir && c->output_every == 0)
        c->output_every = 1;
    return 0;
}

/* ------------------------------------------------------------------ time, random */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double thread_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sleep_until(double deadline_s)
{
    struct timespec ts;
    ts.tv_sec = (time_t)deadline_s;
    ts.tv_nsec = (long)((deadline_s - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
}

/* splitmix64: small, seedable, same stream on every platform. */
static uint64_t rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double rng_uniform(uint64_t *state) /* [0, 1) */
{
    return (double)(rng_next(state) >> 11) * (1.0 / 9007199254740992.0);
}

static double jittered(double base, double jitter, uint64_t *rng)
{
    double u = rng_uniform(rng); /* drawn even when jitter is 0, so streams line up */
    return base * (1.0 + jitter * (2.0 * u - 1.0));
}

/* ------------------------------------------------------------------ compute kernel */

struct field {
    double *a, *b;
    long n;
};

/* One periodic smoothing sweep a -> b, then swap: n element updates. */
static void sweep(struct field *f)
{
    double *restrict a = f->a, *restrict b = f->b;
    long n = f->n;
    b[0] = 0.25 * a[n - 1] + 0.5 * a[0] + 0.25 * a[1];
    for (long i = 1; i < n - 1; i++)
        b[i] = 0.25 * a[i - 1] + 0.5 * a[i] + 0.25 * a[i + 1];
    b[n - 1] = 0.25 * a[n - 2] + 0.5 * a[n - 1] + 0.25 * a[0];
    f->a = b;
    f->b = a;
}

static int field_init(struct field *f, long kb, uint64_t seed)
{
    f->n = kb * 1024 / (2 * (long)sizeof(double));
    if (f->n < 4)
        f->n = 4;
    f->a = malloc((size_t)f->n * sizeof(double));
    f->b = malloc((size_t)f->n * sizeof(double));
    if (!f->a || !f->b)
        return -1;
    uint64_t s = seed;
    for (long i = 0; i < f->n; i++)
        f->a[i] = rng_uniform(&s);
    return 0;
}

/* Element updates per ms of this thread's CPU time: the best of a few short trials. */
static double calibrate(struct field *f)
{
    double best = 0;
    for (int trial = 0; trial < 3; trial++) {
        long sweeps = 0;
        double c0 = thread_cpu_s(), c;
        do {
            for (int k = 0; k < 16; k++)
                sweep(f);
            sweeps += 16;
            c = thread_cpu_s();
        } while (c - c0 < 0.02);
        double rate = (double)sweeps * (double)f->n / ((c - c0) * 1000.0);
        if (rate > best)
            best = rate;
    }
    return best;
}

/* Fills dst with src repeated: the message payloads are the rank's current data. */
static void fill_cycled(void *dst, size_t n, const void *src, size_t src_n)
{
    for (size_t done = 0; done < n; done += src_n < n - done ? src_n : n - done)
        memcpy((char *)dst + done, src, src_n < n - done ? src_n : n - done);
}

/* ------------------------------------------------------------------ helper thread */

struct helper {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    long requested, started, completed, skipped;
    int stop;
    int core;
    double ms;
    int pin_error; /* errno of a failed pthread_setaffinity_np, 0 if none */
    double busy_s; /* wall time spent burning */
};

static void *helper_main(void *arg)
{
    struct helper *h = arg;
    double x[64];
    for (int i = 0; i < 64; i++)
        x[i] = 1.0 + i * 1e-3;

    pthread_mutex_lock(&h->lock);
    for (;;) {
        while (!h->stop && h->started >= h->requested)
            pthread_cond_wait(&h->cond, &h->lock);
        if (h->stop)
            break;
        /* Bursts requested while the last one ran are coalesced into this one. */
        h->skipped += h->requested - h->started - 1;
        h->started = h->requested;
        pthread_mutex_unlock(&h->lock);

        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(h->core, &set);
        int err = pthread_setaffinity_np(pthread_self(), sizeof set, &set);
        double t0 = now_s(), deadline = t0 + h->ms / 1000.0, t = t0;
        int stopped = 0;
        if (err == 0) {
            while (t < deadline) {
                for (int r = 0; r < 2000; r++)
                    for (int i = 0; i < 64; i++)
                        x[i] = x[i] * 0.999999 + 1e-6;
                t = now_s();
                if (__atomic_load_n(&h->stop, __ATOMIC_RELAXED)) {
                    stopped = 1;
                    break;
                }
            }
        }

        pthread_mutex_lock(&h->lock);
        if (err) {
            h->pin_error = err;
            break;
        }
        h->busy_s += t - t0;
        if (!stopped)
            h->completed++;
    }
    pthread_mutex_unlock(&h->lock);
    volatile double sink = x[0];
    (void)sink;
    return NULL;
}

static int helper_start(struct helper *h, int core, double ms)
{
    memset(h, 0, sizeof *h);
    h->core = core;
    h->ms = ms;
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->cond, NULL);
    return pthread_create(&h->thread, NULL, helper_main, h);
}

/* Returns the errno of a failed pin (the helper then has exited), else 0. */
static int helper_request(struct helper *h)
{
    pthread_mutex_lock(&h->lock);
    int err = h->pin_error;
    h->requested++;
    pthread_cond_signal(&h->cond);
    pthread_mutex_unlock(&h->lock);
    return err;
}

static void helper_stop(struct helper *h)
{
    pthread_mutex_lock(&h->lock);
    __atomic_store_n(&h->stop, 1, __ATOMIC_RELAXED);
    pthread_cond_signal(&h->cond);
    pthread_mutex_unlock(&h->lock);
    pthread_join(h->thread, NULL);
}

/* ------------------------------------------------------------------ output files */

static int mkdir_p(const char *path)
{
    char buf[PATH_MAX];
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, path, len + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

/* Writes the field (cycled) as float64 data, output_bytes long, via a temporary name. */
static int write_result(const char *dir, long step, int rank, const struct field *f, long bytes,
                        char *path, size_t path_size)
{
    char tmp[PATH_MAX];
    if ((size_t)snprintf(path, path_size, "%s/step_%04ld_rank_%d.dat", dir, step, rank) >= path_size ||
        (size_t)snprintf(tmp, sizeof tmp, "%s/.step_%04ld_rank_%d.dat.tmp", dir, step, rank) >= sizeof tmp)
        return ENAMETOOLONG;
    FILE *fp = fopen(tmp, "wb");
    if (!fp)
        return errno;
    long left = bytes;
    size_t chunk = (size_t)f->n * sizeof(double);
    while (left > 0) {
        size_t n = (size_t)left < chunk ? (size_t)left : chunk;
        if (fwrite(f->a, 1, n, fp) != n) {
            int err = errno ? errno : EIO;
            fclose(fp);
            unlink(tmp);
            return err;
        }
        left -= (long)n;
    }
    if (fclose(fp) != 0) {
        int err = errno;
        unlink(tmp);
        return err;
    }
    if (rename(tmp, path) != 0) {
        int err = errno;
        unlink(tmp);
        return err;
    }
    return 0;
}

/* ------------------------------------------------------------------ statistics */

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Linear interpolation between closest ranks (numpy's default); v is sorted in place. */
static double percentile(double *v, long n, double p)
{
    if (n <= 0)
        return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double pos = p / 100.0 * (double)(n - 1);
    long lo = (long)floor(pos), hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (v[hi] - v[lo]) * (pos - (double)lo);
}

/* ------------------------------------------------------------------ main */

enum { COL_COMPUTE, COL_COMM, COL_IDLE, COL_STEP, COL_WALL, NCOL };

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(out, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(out, "\\u%04x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

static void die(int rank, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "phasesim: rank %d: ", rank);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1);
}

int main(int argc, char **argv)
{
    int provided, rank, size;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    setvbuf(stdout, NULL, _IOLBF, 0);

    struct config cfg;
    config_defaults(&cfg);
    int parsed = parse_args(argc, argv, &cfg);
    if (parsed == 0 && cfg.helper_core >= 0 && cfg.helper_rank >= size) {
        fail("--helper-rank: %ld but there are only %d ranks", cfg.helper_rank, size);
        parsed = -1;
    }
    if (parsed != 0) {
        if (rank == 0) {
            if (parsed > 0)
                fputs(usage_text, stdout);
            else
                fprintf(stderr, "phasesim: error: %s\n", parse_error);
        }
        MPI_Finalize();
        return parsed > 0 ? 0 : EXIT_USAGE;
    }

    uint64_t rng = cfg.seed ^ (0xD1B54A32D192ED03ULL * (uint64_t)(rank + 1));
    struct field field;
    if (field_init(&field, cfg.compute_kb, rng_next(&rng)) != 0)
        die(rank, "out of memory for --compute-kb %ld", cfg.compute_kb);

    /* Calibrate on thread CPU time (sharing the core does not skew it); all ranks use the
     * fastest rate measured so they all do the same work. */
    double work_per_ms = cfg.work_per_ms;
    if (cfg.compute_mode == MODE_WORK && work_per_ms <= 0) {
        double mine = calibrate(&field);
        MPI_Allreduce(&mine, &work_per_ms, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    }

    char out_abs[PATH_MAX] = "";
    if (cfg.out_dir) {
        if (mkdir_p(cfg.out_dir) != 0)
            die(rank, "--out %s: cannot create folder: %s", cfg.out_dir, strerror(errno));
        if (!realpath(cfg.out_dir, out_abs))
            die(rank, "--out %s: %s", cfg.out_dir, strerror(errno));
    }

    FILE *timing = NULL;
    if (rank == 0 && cfg.timing) {
        timing = fopen(cfg.timing, "w");
        if (!timing)
            die(rank, "--timing %s: %s", cfg.timing, strerror(errno));
    }

    /* Communication buffers: halo messages of comm_bytes each way, and an allreduce of
     * comm_bytes of doubles plus one trailing "keep going" vote. */
    long halo_bytes = cfg.comm_bytes;
    long red_n = cfg.comm_bytes / (long)sizeof(double) + 1;
    char *halo_out = malloc((size_t)halo_bytes + 1), *halo_in = malloc((size_t)halo_bytes + 1);
    double *red_in = malloc((size_t)red_n * sizeof(double)), *red_out = malloc((size_t)red_n * sizeof(double));
    double *steplog = malloc((size_t)cfg.steps * NCOL * sizeof(double));
    if (!halo_out || !halo_in || !red_in || !red_out || !steplog)
        die(rank, "out of memory for --comm-bytes %ld / --steps %ld", cfg.comm_bytes, cfg.steps);
    int right = (rank + 1) % size, left = (rank - 1 + size) % size;
    int do_comm = cfg.comm_ms > 0 || cfg.comm_bytes > 0;

    struct helper helper;
    int has_helper = cfg.helper_core >= 0 && (cfg.helper_rank < 0 || cfg.helper_rank == rank);
    if (has_helper) {
        int err = helper_start(&helper, (int)cfg.helper_core, cfg.helper_ms);
        if (err)
            die(rank, "cannot start the helper thread: %s", strerror(err));
    }

    long outputs = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    double t_start = now_s();

    for (long step = 0; step < cfg.steps; step++) {
        double t0 = now_s();
        if (has_helper && step > 0 && step % cfg.helper_every == 0) {
            int err = helper_request(&helper);
            if (err)
                die(rank, "--helper-core %ld: pthread_setaffinity_np failed: %s", cfg.helper_core,
                    strerror(err));
        }

        /* compute */
        double compute_target = jittered(cfg.compute_ms, cfg.jitter, &rng);
        if (cfg.compute_mode == MODE_WORK) {
            double updates = compute_target * work_per_ms;
            long sweeps = (long)ceil(updates / (double)field.n);
            for (long s = 0; s < sweeps; s++)
                sweep(&field);
        } else if (compute_target > 0) {
            double deadline = t0 + compute_target / 1000.0;
            do
                sweep(&field);
            while (now_s() < deadline);
        }
        double t1 = now_s();

        /* communicate: rounds until every rank has spent its comm time (one vote decides) */
        double comm_target = jittered(cfg.comm_ms, cfg.jitter, &rng);
        if (do_comm) {
            fill_cycled(halo_out, (size_t)halo_bytes, field.a, (size_t)field.n * sizeof(double));
            fill_cycled(red_in, (size_t)(red_n - 1) * sizeof(double), field.a,
                        (size_t)field.n * sizeof(double));
            for (;;) {
                MPI_Sendrecv(halo_out, (int)halo_bytes, MPI_BYTE, right, 1, halo_in, (int)halo_bytes,
                             MPI_BYTE, left, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                MPI_Sendrecv(halo_out, (int)halo_bytes, MPI_BYTE, left, 2, halo_in, (int)halo_bytes,
                             MPI_BYTE, right, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                red_in[red_n - 1] = (now_s() - t1) * 1000.0 < comm_target ? 1.0 : 0.0;
                MPI_Allreduce(red_in, red_out, (int)red_n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
                if (red_out[red_n - 1] < (double)size - 0.5)
                    break;
            }
            /* Fold the neighbours' data and the global mean back into the field. */
            if (red_n > 1)
                field.a[0] = 0.5 * (field.a[0] + red_out[0] / size);
            if (halo_bytes > 0)
                field.a[field.n - 1] = 0.5 * (field.a[field.n - 1] + (unsigned char)halo_in[0] / 256.0);
        }
        double t2 = now_s();

        /* idle / I-O */
        double idle_target = jittered(cfg.idle_ms, cfg.jitter, &rng);
        if (cfg.output_every > 0 && (step + 1) % cfg.output_every == 0) {
            char path[PATH_MAX];
            int err = write_result(out_abs, step, rank, &field, cfg.output_bytes, path, sizeof path);
            if (err)
                die(rank, "writing a result file in %s: %s", out_abs, strerror(err));
            printf("RESULT %s\n", path);
            fflush(stdout);
            outputs++;
        }
        if (idle_target > 0)
            sleep_until(t2 + idle_target / 1000.0);
        double t3 = now_s();

        double *row = steplog + step * NCOL;
        row[COL_COMPUTE] = (t1 - t0) * 1000.0;
        row[COL_COMM] = (t2 - t1) * 1000.0;
        row[COL_IDLE] = (t3 - t2) * 1000.0;
        row[COL_STEP] = (t3 - t0) * 1000.0;
        row[COL_WALL] = t3 - t_start;
    }

    long helper_stats[3] = {0, 0, 0}; /* requested, completed, coalesced */
    double helper_busy = 0;
    if (has_helper) {
        helper_stop(&helper);
        if (helper.pin_error)
            die(rank, "--helper-core %ld: pthread_setaffinity_np failed: %s", cfg.helper_core,
                strerror(helper.pin_error));
        helper_stats[0] = helper.requested;
        helper_stats[1] = helper.completed;
        helper_stats[2] = helper.skipped;
        helper_busy = helper.busy_s;
    }
    MPI_Barrier(MPI_COMM_WORLD);
    double wall = now_s() - t_start;

    /* Gather every rank's log on rank 0. */
    double *all = NULL;
    long total_rows = (long)size * cfg.steps;
    if (rank == 0) {
        all = malloc((size_t)total_rows * NCOL * sizeof(double));
        if (!all)
            die(rank, "out of memory gathering %ld timing rows", total_rows);
    }
    MPI_Gather(steplog, (int)(cfg.steps * NCOL), MPI_DOUBLE, all, (int)(cfg.steps * NCOL), MPI_DOUBLE, 0,
               MPI_COMM_WORLD);
    long sums[4], counts_in[4] = {helper_stats[0], helper_stats[1], helper_stats[2], outputs};
    MPI_Reduce(counts_in, sums, 4, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    double busy_sum = 0, wall_max = 0;
    MPI_Reduce(&helper_busy, &busy_sum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Reduce(&wall, &wall_max, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);

    if (rank == 0) {
        if (timing) {
            fprintf(timing, "rank,step,compute_ms,comm_ms,idle_ms,step_ms,wall_s\n");
            int logged = cfg.log_all ? size : 1;
            for (int r = 0; r < logged; r++)
                for (long s = 0; s < cfg.steps; s++) {
                    const double *row = all + ((long)r * cfg.steps + s) * NCOL;
                    fprintf(timing, "%d,%ld,%.3f,%.3f,%.3f,%.3f,%.6f\n", r, s, row[COL_COMPUTE],
                            row[COL_COMM], row[COL_IDLE], row[COL_STEP], row[COL_WALL]);
                }
            if (fclose(timing) != 0)
                die(rank, "--timing %s: %s", cfg.timing, strerror(errno));
        }

        double *col = malloc((size_t)total_rows * sizeof(double));
        if (!col)
            die(rank, "out of memory");
        double stat[NCOL][3]; /* median, p90, mean */
        for (int c = 0; c < COL_WALL; c++) {
            double sum = 0;
            for (long i = 0; i < total_rows; i++) {
                col[i] = all[i * NCOL + c];
                sum += col[i];
            }
            stat[c][2] = sum / (double)total_rows;
            stat[c][0] = percentile(col, total_rows, 50);
            stat[c][1] = percentile(col, total_rows, 90);
        }
        free(col);

        printf("{\"kind\":\"phasesim\",\"ranks\":%d,\"steps\":%ld,\"wall_s\":%.6f,"
               "\"step_ms_median\":%.3f,\"step_ms_p90\":%.3f,\"step_ms_mean\":%.3f,"
               "\"compute_ms_median\":%.3f,\"compute_ms_p90\":%.3f,"
               "\"comm_ms_median\":%.3f,\"comm_ms_p90\":%.3f,"
               "\"idle_ms_median\":%.3f,\"idle_ms_p90\":%.3f,"
               "\"compute_mode\":\"%s\",\"work_per_ms\":%.1f,"
               "\"config\":{\"compute_ms\":%g,\"comm_ms\":%g,\"comm_bytes\":%ld,\"idle_ms\":%g,"
               "\"jitter\":%g,\"seed\":%llu,\"compute_kb\":%ld},"
               "\"helper\":",
               size, cfg.steps, wall_max, stat[COL_STEP][0], stat[COL_STEP][1], stat[COL_STEP][2],
               stat[COL_COMPUTE][0], stat[COL_COMPUTE][1], stat[COL_COMM][0], stat[COL_COMM][1],
               stat[COL_IDLE][0], stat[COL_IDLE][1], cfg.compute_mode == MODE_WORK ? "work" : "time",
               cfg.compute_mode == MODE_WORK ? work_per_ms : 0.0, cfg.compute_ms, cfg.comm_ms,
               cfg.comm_bytes, cfg.idle_ms, cfg.jitter, cfg.seed, cfg.compute_kb);
        char helper_rank_json[32];
        if (cfg.helper_rank < 0)
            snprintf(helper_rank_json, sizeof helper_rank_json, "\"all\"");
        else
            snprintf(helper_rank_json, sizeof helper_rank_json, "%ld", cfg.helper_rank);
        if (cfg.helper_core >= 0)
            printf("{\"core\":%ld,\"every\":%ld,\"ms\":%g,\"rank\":%s,\"requested\":%ld,"
                   "\"bursts\":%ld,\"coalesced\":%ld,\"busy_s\":%.3f}",
                   cfg.helper_core, cfg.helper_every, cfg.helper_ms, helper_rank_json, sums[0], sums[1],
                   sums[2], busy_sum);
        else
            printf("null");
        printf(",\"outputs\":%ld,\"out\":", sums[3]);
        if (cfg.out_dir)
            json_string(stdout, out_abs);
        else
            printf("null");
        printf(",\"timing\":");
        if (cfg.timing)
            json_string(stdout, cfg.timing);
        else
            printf("null");
        printf(",\"logged_ranks\":%d}\n", cfg.timing ? (cfg.log_all ? size : 1) : 0);
        fflush(stdout);
        free(all);
    }

    free(steplog);
    free(halo_out);
    free(halo_in);
    free(red_in);
    free(red_out);
    free(field.a);
    free(field.b);
    MPI_Finalize();
    return 0;
}
