// What Glibc's Swift module does not expose: <sys/epoll.h>, accept4 (needs _GNU_SOURCE), and
// the compiler's prefetch hint (Swift has no intrinsic for it). No logic lives here.
#ifndef CRANKD_SHIM_H
#define CRANKD_SHIM_H

#include <sys/epoll.h>
#include <sys/socket.h>

/// accept4(2), declared by glibc only under _GNU_SOURCE.
int rankd_accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);

/// A hint to start loading the cache line holding `address` (read, keep in all cache levels).
/// Lets a batch of independent lookups issue all its misses before waiting on any of them.
static inline void rankd_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
