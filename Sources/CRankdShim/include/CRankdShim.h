// What Glibc's Swift module does not expose: <sys/epoll.h>, and accept4 (needs _GNU_SOURCE).
// No logic lives here.
#ifndef CRANKD_SHIM_H
#define CRANKD_SHIM_H

#include <sys/epoll.h>
#include <sys/socket.h>

/// accept4(2), declared by glibc only under _GNU_SOURCE.
int rankd_accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);

#endif
