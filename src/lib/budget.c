/* budget.c - the default memory budget: what this process can really get.
 *
 * A fixed default (4 GiB) passes work that a smaller machine, an address
 * space limit (ulimit -v) or a container's cgroup cannot hold, which then
 * fails deep inside an allocation.  The default is instead the smallest of
 *   - RLIMIT_AS less the address space already in use (VmSize),
 *   - the cgroup v2 memory.max (the process's group and its ancestors) less
 *     memory.current, and the cgroup v1 memory.limit_in_bytes less usage,
 *   - MemAvailable of /proc/meminfo,
 * less a margin for what the budget does not count (libraries, stacks, the
 * allocator's slack, small allocations).  Only files are read: no terminal
 * I/O, no state kept between calls. */
#include <config.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include "internal.h"

#define MARGIN_MIN ((size_t)64 << 20) /* at least 64 MiB stays outside the budget */
#define MARGIN_FRAC 8                 /* ... or 1/8 of the limit, whichever is larger */
#define BUDGET_FLOOR ((size_t)16 << 20)
#define NO_LIMIT ((unsigned long long)1 << 60) /* cgroup v1 says "no limit" with ~2^63 */

/* The first number in a file (a "max" or a missing file: 0). */
static int read_ull(const char *path, unsigned long long *out) {
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  char buf[64];
  int ok = fgets(buf, sizeof buf, f) != NULL;
  fclose(f);
  if (!ok || strncmp(buf, "max", 3) == 0) return -1;
  char *end;
  unsigned long long v = strtoull(buf, &end, 10);
  if (end == buf) return -1;
  *out = v;
  return 0;
}

/* "Key:   N kB" of a /proc file, in bytes. */
static int proc_kb(const char *path, const char *key, unsigned long long *out) {
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  char line[256];
  size_t kl = strlen(key);
  int rc = -1;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
      *out = strtoull(line + kl + 1, NULL, 10) * 1024ULL;
      rc = 0;
      break;
    }
  }
  fclose(f);
  return rc;
}

static void take(gfd_budget_info *b, unsigned long long avail, const char *src, const char *fmt,
                 unsigned long long lim, unsigned long long used) {
  if (b->source && avail >= b->limit) return; /* a limit of 0 left is still a limit */
  b->limit = (size_t)(avail > (unsigned long long)SIZE_MAX ? SIZE_MAX : avail);
  b->source = src;
  char l[32], u[32];
  snprintf(b->detail, sizeof b->detail, fmt, gfd_format_bytes((size_t)lim, l, sizeof l),
           gfd_format_bytes((size_t)used, u, sizeof u));
}

/* Each cgroup v2 directory from the process's group up to the root. */
static void cgroup_v2(gfd_budget_info *b, const char *root, const char *rel) {
  char dir[1024], top[600];
  snprintf(top, sizeof top, "%s/sys/fs/cgroup", root);
  if (snprintf(dir, sizeof dir, "%s%s", top, rel) >= (int)sizeof dir) return;
  for (;;) {
    char p[1100];
    unsigned long long max, cur = 0;
    snprintf(p, sizeof p, "%s/memory.max", dir);
    if (read_ull(p, &max) == 0) {
      snprintf(p, sizeof p, "%s/memory.current", dir);
      if (read_ull(p, &cur) != 0) cur = 0;
      take(b, max > cur ? max - cur : 0, "cgroup memory.max", "cgroup memory.max %s less %s in use",
           max, cur);
    }
    char *slash = strrchr(dir, '/');
    if (!slash || slash - dir < (ptrdiff_t)strlen(top)) break;
    *slash = '\0';
  }
}

static void cgroup_v1(gfd_budget_info *b, const char *root, const char *rel) {
  char p[1700];
  unsigned long long lim, use = 0;
  snprintf(p, sizeof p, "%s/sys/fs/cgroup/memory%s/memory.limit_in_bytes", root, rel);
  if (read_ull(p, &lim) != 0 || lim >= NO_LIMIT) return;
  snprintf(p, sizeof p, "%s/sys/fs/cgroup/memory%s/memory.usage_in_bytes", root, rel);
  if (read_ull(p, &use) != 0) use = 0;
  take(b, lim > use ? lim - use : 0, "cgroup memory.limit_in_bytes",
       "cgroup v1 memory.limit_in_bytes %s less %s in use", lim, use);
}

static void cgroups(gfd_budget_info *b, const char *root) {
  char path[600];
  snprintf(path, sizeof path, "%s/proc/self/cgroup", root);
  FILE *f = fopen(path, "r");
  if (!f) return;
  char line[1100];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    char *c1 = strchr(line, ':');
    char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c2) continue;
    *c2 = '\0';
    const char *ctrl = c1 + 1, *rel = c2 + 1;
    if (strcmp(rel, "/") == 0) rel = "";
    if (line[0] == '0' && c1 == line + 1 && !*ctrl) cgroup_v2(b, root, rel);
    else if (strstr(ctrl, "memory")) cgroup_v1(b, root, rel);
  }
  fclose(f);
}

int gfd_budget_default_at(gfd_budget_info *b, const char *root) {
  memset(b, 0, sizeof *b);
  char path[600];
  struct rlimit rl;
  if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    unsigned long long vm = 0, lim = (unsigned long long)rl.rlim_cur;
    snprintf(path, sizeof path, "%s/proc/self/status", root);
    proc_kb(path, "VmSize", &vm);
    take(b, lim > vm ? lim - vm : 0, "RLIMIT_AS", "RLIMIT_AS (ulimit -v) %s less %s in use", lim, vm);
  }
  cgroups(b, root);
  unsigned long long avail;
  snprintf(path, sizeof path, "%s/proc/meminfo", root);
  if (proc_kb(path, "MemAvailable", &avail) == 0)
    take(b, avail, "MemAvailable", "MemAvailable %s", avail, 0);
  if (!b->source) {
    b->bytes = GFD_DEFAULT_BUDGET;
    b->source = "fixed default";
    snprintf(b->detail, sizeof b->detail, "no limit found: the fixed default");
    return GFD_OK;
  }
  size_t margin = b->limit / MARGIN_FRAC > MARGIN_MIN ? b->limit / MARGIN_FRAC : MARGIN_MIN;
  b->bytes = b->limit > margin + BUDGET_FLOOR ? b->limit - margin : BUDGET_FLOOR;
  size_t used = strlen(b->detail);
  char m[32];
  snprintf(b->detail + used, sizeof b->detail - used, ", less a margin of %s",
           gfd_format_bytes(margin, m, sizeof m));
  return GFD_OK;
}

int gfd_budget_default(gfd_budget_info *b) {
  return gfd_budget_default_at(b, "");
}

size_t gfd_budget_default_bytes(void) {
  gfd_budget_info b;
  gfd_budget_default(&b);
  return b.bytes;
}
