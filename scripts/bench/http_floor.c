// The floor under rankd's CPU per request in scripts/bench/rank.sh: the least an HTTP/1.1
// server on this machine spends per POST /rank over loopback. One epoll thread reads each
// request (head, then Content-Length bytes of body, keep-alive) and sends back one canned
// answer (a real rankd answer, with its head) with one send. It parses nothing else, so
// what it costs is the kernel's TCP exchange plus a few hundred instructions: the part of
// rankd's figure that no server code can remove.
//
//   http_floor PORT ANSWER.json     (answers "200 OK" with ANSWER.json's bytes as the body)
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum { request_capacity = 1 << 16, answer_capacity = 1 << 16 };

typedef struct {
    int fd;
    size_t received;  // bytes of request data in `in`
    size_t unsent;    // bytes of the current answer not yet sent (a full socket buffer)
    char in[request_capacity];
} connection;

static char answer[answer_capacity];
static size_t answer_length;

static void drop(int epoll, connection *c) {
    epoll_ctl(epoll, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c);
}

// Sends what is left of the answer; 0 when done, 1 when the socket is full, -1 on an error.
static int send_rest(connection *c) {
    while (c->unsent > 0) {
        ssize_t n = send(c->fd, answer + answer_length - c->unsent, c->unsent, MSG_NOSIGNAL);
        if (n < 0) return errno == EAGAIN ? 1 : -1;
        c->unsent -= (size_t)n;
    }
    return 0;
}

// Answers every complete request in `in`; -1 when the connection must close.
static int answer_requests(int epoll, connection *c) {
    while (c->unsent == 0) {
        char *end = memmem(c->in, c->received, "\r\n\r\n", 4);
        if (end == NULL) return c->received == request_capacity ? -1 : 0;
        size_t head = (size_t)(end + 4 - c->in), body = 0;
        char *length = memmem(c->in, head, "Content-Length:", 15);
        if (length != NULL) body = strtoul(length + 15, NULL, 10);
        if (head + body > request_capacity) return -1;
        if (c->received < head + body) return 0;
        memmove(c->in, c->in + head + body, c->received - head - body);
        c->received -= head + body;
        c->unsent = answer_length;
        int sent = send_rest(c);
        if (sent < 0) return -1;
        if (sent == 1) {
            struct epoll_event e = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
            epoll_ctl(epoll, EPOLL_CTL_MOD, c->fd, &e);
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: http_floor PORT ANSWER.json\n");
        return 2;
    }
    FILE *file = fopen(argv[2], "rb");
    if (file == NULL) {
        perror(argv[2]);
        return 1;
    }
    char body[answer_capacity / 2];
    size_t body_length = fread(body, 1, sizeof body, file);
    fclose(file);
    answer_length = (size_t)snprintf(answer, sizeof answer,
                                     "HTTP/1.1 200 OK\r\nDate: Sun, 22 Nov 2026 00:00:00 GMT\r\n"
                                     "Content-Length: %zu\r\nContent-Type: application/json\r\n\r\n",
                                     body_length);
    memcpy(answer + answer_length, body, body_length);
    answer_length += body_length;

    int one = 1, listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 128) != 0) {
        perror("http_floor: bind/listen");
        return 1;
    }
    int epoll = epoll_create1(0);
    struct epoll_event event = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
    struct epoll_event events[64];
    for (;;) {
        int ready = epoll_wait(epoll, events, 64, -1);
        for (int i = 0; i < ready; i++) {
            connection *c = events[i].data.ptr;
            if (c == NULL) {
                int fd;
                while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    connection *fresh = calloc(1, sizeof *fresh);
                    if (fresh == NULL) {
                        close(fd);
                        continue;
                    }
                    fresh->fd = fd;
                    struct epoll_event e = {.events = EPOLLIN, .data.ptr = fresh};
                    epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &e);
                }
                continue;
            }
            if (c->unsent > 0) {
                int sent = send_rest(c);
                if (sent < 0) {
                    drop(epoll, c);
                    continue;
                }
                if (sent == 1) continue;
                struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
                epoll_ctl(epoll, EPOLL_CTL_MOD, c->fd, &e);
            }
            ssize_t n = read(c->fd, c->in + c->received, request_capacity - c->received);
            if (n == 0 || (n < 0 && errno != EAGAIN)) {
                drop(epoll, c);
                continue;
            }
            if (n > 0) c->received += (size_t)n;
            if (answer_requests(epoll, c) < 0) drop(epoll, c);
        }
    }
}
