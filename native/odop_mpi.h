/*
 * odop_mpi: the thin MPI layer Odop agents use to talk to each other.
 *
 * Plain C over the MPI-3 standard only, so it builds with the mpicc of Open MPI or MPICH.
 * It is P/Invoked from C# (src/Odop.Node/Mpi/Shim/), so every function takes and returns
 * plain ints, pointers and byte buffers.
 *
 * Rules every function follows:
 *  - The return value is an error code: 0 (ODOP_MPI_OK) on success, a negative ODOP_MPI_ERR_*
 *    for errors found by the shim, a positive MPI error code for errors MPI reported.
 *    odop_mpi_error_string turns either into text.
 *  - MPI errors never abort the process: the shim's communicators use MPI_ERRORS_RETURN.
 *  - Collective functions (marked "collective") must be called by every rank of the group
 *    named, in the same order. When one rank finds a problem (a buffer too small, a bad
 *    argument) every rank of the group returns the same error, so no rank is left waiting.
 *  - "leaders_only" selects the leaders communicator (one rank per node, see below) instead
 *    of MPI_COMM_WORLD; ranks there are numbered by world rank, so world rank 0 is leaders rank 0.
 *  - The shim keeps process-wide state and is not itself thread-safe: call it from one thread
 *    at a time, and from the thread that called odop_mpi_init if MPI gave less than
 *    MPI_THREAD_MULTIPLE.
 */
#ifndef ODOP_MPI_H
#define ODOP_MPI_H

#ifdef __cplusplus
extern "C" {
#endif

#define ODOP_MPI_OK 0
#define ODOP_MPI_ERR_NOT_INITIALIZED (-1) /* odop_mpi_init has not been called */
#define ODOP_MPI_ERR_FINALIZED (-2)       /* MPI is finalised; it cannot start again */
#define ODOP_MPI_ERR_ARG (-3)             /* a null pointer, negative length or bad root */
#define ODOP_MPI_ERR_CAPACITY (-4)        /* a receive buffer is too small; lengths say how much is needed */
#define ODOP_MPI_ERR_TOO_LARGE (-5)       /* the total does not fit in an int byte count */
#define ODOP_MPI_ERR_NO_MEMORY (-6)       /* malloc failed */
#define ODOP_MPI_ERR_NOT_LEADER (-7)      /* leaders_only on a rank that is not a node leader */
#define ODOP_MPI_ERR_ROOT_ARG (-8)        /* the root of a broadcast passed a bad argument */

/* Thread levels, as odop_mpi_init reports them (the values of the MPI standard's order). */
#define ODOP_MPI_THREAD_SINGLE 0
#define ODOP_MPI_THREAD_FUNNELED 1
#define ODOP_MPI_THREAD_SERIALIZED 2
#define ODOP_MPI_THREAD_MULTIPLE 3

/* Writes a NUL-terminated description of code into buf (truncated to len - 1 characters). */
int odop_mpi_error_string(int code, char *buf, int len);

/* Initialises MPI asking for MPI_THREAD_MULTIPLE and accepting what MPI provides (reported as an
 * ODOP_MPI_THREAD_* value), then sets MPI_ERRORS_RETURN and builds the node and leaders
 * communicators (collective over MPI_COMM_WORLD). If MPI was already initialised by the host
 * process, uses it as it is and leaves finalising to the host. A second call does nothing. */
int odop_mpi_init(int *provided_thread_level);

/* Frees the shim's communicators and finalises MPI if odop_mpi_init started it (collective).
 * Later calls do nothing. */
int odop_mpi_finalize(void);

/* 1 between odop_mpi_init and odop_mpi_finalize, else 0. */
int odop_mpi_initialized(int *flag);

/* Rank and size in MPI_COMM_WORLD. */
int odop_mpi_rank(int *rank);
int odop_mpi_size(int *size);

/* Rank and size within this rank's node. A node is the ranks sharing memory
 * (MPI_Comm_split_type MPI_COMM_TYPE_SHARED) unless odop_mpi_group_nodes_by_name regrouped them. */
int odop_mpi_local_rank(int *rank);
int odop_mpi_local_size(int *size);

/* 1 if this rank is its node's leader (local rank 0, the lowest world rank of the node). */
int odop_mpi_is_node_leader(int *flag);

/* Rank in the leaders communicator (-1 on a rank that is not a leader), and the number of leaders,
 * which is the number of nodes. */
int odop_mpi_leader_rank(int *rank);
int odop_mpi_node_count(int *count);

/* MPI_Get_processor_name, NUL-terminated. *written is the name's length without the NUL; when
 * len is too small the result is ODOP_MPI_ERR_CAPACITY and *written is the length needed. */
int odop_mpi_processor_name(char *buf, int len, int *written);

/* The MPI library's version text (MPI_Get_library_version), as odop_mpi_processor_name. */
int odop_mpi_library_version(char *buf, int len, int *written);

/* Collective over MPI_COMM_WORLD: regroups ranks into nodes by name, so that several agents on
 * one machine can act as separate nodes. Ranks passing the same name form one node; a rank
 * passing NULL or "" uses its processor name. If every rank passes NULL or "", the grouping by
 * shared memory stays as it is. Rebuilds the node and leaders communicators. */
int odop_mpi_group_nodes_by_name(const char *name);

/* Collective over world or leaders: root receives every rank's bytes, packed in rank order into
 * recv, and their lengths into lengths (one entry per rank of the group). send, send_len are
 * used on every rank; recv, recv_capacity, lengths only on root. When recv_capacity is smaller
 * than the total, every rank returns ODOP_MPI_ERR_CAPACITY and root's lengths are still filled,
 * so all ranks can call again with a large enough buffer on root. */
int odop_mpi_gather_bytes(const void *send, int send_len, void *recv, int recv_capacity,
                          int *lengths, int root, int leaders_only);

/* Collective over world or leaders: root sends *len bytes of buf to every rank; on return *len
 * is the length on every rank. When a rank's capacity is smaller, every rank returns
 * ODOP_MPI_ERR_CAPACITY with *len set to the length needed, so all can call again. */
int odop_mpi_bcast_bytes(void *buf, int *len, int capacity, int root, int leaders_only);

/* Collective over MPI_COMM_WORLD. */
int odop_mpi_barrier(void);

#ifdef __cplusplus
}
#endif

#endif /* ODOP_MPI_H */
