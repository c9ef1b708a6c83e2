/* Shared-memory layout published by libodop_pmpi.so, one file per MPI rank:
 *   /dev/shm/odop-pmpi.<uid>.<pid>
 * Created at MPI_Init / MPI_Init_thread, removed at MPI_Finalize. Every field is little-endian
 * (the host's), written with relaxed atomic stores; the reader (src/Odop.Node/Mpi/Pmpi/) must
 * tolerate torn readings between fields and clamp what it derives. Times are CLOCK_MONOTONIC ns. */
#ifndef ODOP_PMPI_H
#define ODOP_PMPI_H

#include <stdint.h>

#define ODOP_PMPI_MAGIC 0x4D50444Fu /* "ODPM" in memory order */
#define ODOP_PMPI_VERSION 1u

struct odop_pmpi_segment {
    uint32_t magic;          /*  0: ODOP_PMPI_MAGIC, stored last at creation */
    uint32_t version;        /*  4: ODOP_PMPI_VERSION */
    int32_t pid;             /*  8: the rank's process id */
    int32_t world_rank;      /* 12: rank in MPI_COMM_WORLD */
    uint64_t wait_ns;        /* 16: cumulative ns spent inside wrapped blocking calls (finished calls) */
    uint64_t calls;          /* 24: finished wrapped calls */
    uint64_t last_update_ns; /* 32: when wait_ns/calls last changed (or creation) */
    uint32_t in_call;        /* 40: threads currently inside a wrapped call */
    uint32_t reserved;       /* 44 */
    uint64_t call_start_ns;  /* 48: start of the current call when in_call > 0 */
    uint64_t created_ns;     /* 56: when the segment was created */
};                           /* 64 bytes */

#endif
