/*
 * odop_mpi: see odop_mpi.h for the contract. Standard MPI-3 only (Open MPI and MPICH).
 *
 * The shim never uses MPI_COMM_WORLD for traffic: it works on a duplicate (world), so its
 * messages cannot match a host program's, and so setting MPI_ERRORS_RETURN does not change
 * the host's error handling. Communicators made from it inherit MPI_ERRORS_RETURN.
 */
#include "odop_mpi.h"

#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum shim_state { NOT_STARTED, READY, DONE };

static enum shim_state state = NOT_STARTED;
static int owns_mpi;        /* 1 when odop_mpi_init called MPI_Init_thread, so finalize ends MPI */
static int thread_level;    /* ODOP_MPI_THREAD_* */
static MPI_Comm world = MPI_COMM_NULL;   /* duplicate of MPI_COMM_WORLD */
static MPI_Comm node = MPI_COMM_NULL;    /* the ranks of this rank's node */
static MPI_Comm leaders = MPI_COMM_NULL; /* local rank 0 of every node; MPI_COMM_NULL elsewhere */
static int node_count;

static int check_ready(void)
{
    int finalized = 0;
    if (state == NOT_STARTED)
        return ODOP_MPI_ERR_NOT_INITIALIZED;
    if (state == DONE || MPI_Finalized(&finalized) != MPI_SUCCESS || finalized)
        return ODOP_MPI_ERR_FINALIZED;
    return ODOP_MPI_OK;
}

/* Copies s into buf as a NUL-terminated string; ODOP_MPI_ERR_CAPACITY when it had to cut. */
static int copy_text(const char *s, char *buf, int len, int *written)
{
    size_t need = strlen(s);
    if (written)
        *written = need > INT_MAX ? INT_MAX : (int)need;
    if (!buf || len <= 0)
        return ODOP_MPI_ERR_CAPACITY;
    if (need >= (size_t)len) {
        memcpy(buf, s, (size_t)len - 1);
        buf[len - 1] = '\0';
        return ODOP_MPI_ERR_CAPACITY;
    }
    memcpy(buf, s, need + 1);
    return ODOP_MPI_OK;
}

static int to_odop_level(int mpi_level)
{
    /* The standard orders the levels: SINGLE < FUNNELED < SERIALIZED < MULTIPLE. */
    if (mpi_level >= MPI_THREAD_MULTIPLE)
        return ODOP_MPI_THREAD_MULTIPLE;
    if (mpi_level >= MPI_THREAD_SERIALIZED)
        return ODOP_MPI_THREAD_SERIALIZED;
    if (mpi_level >= MPI_THREAD_FUNNELED)
        return ODOP_MPI_THREAD_FUNNELED;
    return ODOP_MPI_THREAD_SINGLE;
}

/* Collective over comm: every rank returns the lowest (most serious) status any rank had. */
static int agree(int status, MPI_Comm comm)
{
    int agreed = status;
    int rc = MPI_Allreduce(&status, &agreed, 1, MPI_INT, MPI_MIN, comm);
    return rc != MPI_SUCCESS ? rc : agreed;
}

static void free_comm(MPI_Comm *comm)
{
    if (*comm != MPI_COMM_NULL)
        MPI_Comm_free(comm);
    *comm = MPI_COMM_NULL;
}

/* Collective over world: makes new_node this rank's node and rebuilds the leaders communicator.
 * Takes ownership of new_node. */
static int install_node(MPI_Comm new_node)
{
    int world_rank, local_rank, is_leader, count = 0, rc;
    MPI_Comm new_leaders = MPI_COMM_NULL;

    if ((rc = MPI_Comm_set_errhandler(new_node, MPI_ERRORS_RETURN)) != MPI_SUCCESS ||
        (rc = MPI_Comm_rank(world, &world_rank)) != MPI_SUCCESS ||
        (rc = MPI_Comm_rank(new_node, &local_rank)) != MPI_SUCCESS)
        goto fail;
    is_leader = local_rank == 0;
    /* Keyed by world rank, so leaders rank 0 is world rank 0 (always local rank 0 of its node). */
    rc = MPI_Comm_split(world, is_leader ? 0 : MPI_UNDEFINED, world_rank, &new_leaders);
    if (rc != MPI_SUCCESS)
        goto fail;
    if ((rc = MPI_Allreduce(&is_leader, &count, 1, MPI_INT, MPI_SUM, world)) != MPI_SUCCESS)
        goto fail;

    free_comm(&leaders);
    free_comm(&node);
    node = new_node;
    leaders = new_leaders;
    node_count = count;
    return ODOP_MPI_OK;

fail:
    free_comm(&new_leaders);
    free_comm(&new_node);
    return rc;
}

int odop_mpi_error_string(int code, char *buf, int len)
{
    char text[MPI_MAX_ERROR_STRING + 64];
    int initialized = 0, finalized = 0, n = 0;

    switch (code) {
    case ODOP_MPI_OK: return copy_text("success", buf, len, NULL);
    case ODOP_MPI_ERR_NOT_INITIALIZED: return copy_text("odop_mpi_init has not been called", buf, len, NULL);
    case ODOP_MPI_ERR_FINALIZED: return copy_text("MPI is finalized", buf, len, NULL);
    case ODOP_MPI_ERR_ARG: return copy_text("invalid argument (null pointer, negative length or root out of range)", buf, len, NULL);
    case ODOP_MPI_ERR_CAPACITY: return copy_text("receive buffer too small", buf, len, NULL);
    case ODOP_MPI_ERR_TOO_LARGE: return copy_text("total size exceeds the largest int byte count", buf, len, NULL);
    case ODOP_MPI_ERR_NO_MEMORY: return copy_text("out of memory", buf, len, NULL);
    case ODOP_MPI_ERR_NOT_LEADER: return copy_text("this rank is not a node leader", buf, len, NULL);
    case ODOP_MPI_ERR_ROOT_ARG: return copy_text("the root passed an invalid argument", buf, len, NULL);
    default: break;
    }
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    /* MPI_Error_string is only sure to work while MPI is running. */
    if (code > 0 && initialized && !finalized && MPI_Error_string(code, text, &n) == MPI_SUCCESS)
        text[n < 0 ? 0 : n] = '\0';
    else
        snprintf(text, sizeof text, "MPI error %d", code);
    return copy_text(text, buf, len, NULL);
}

int odop_mpi_init(int *provided_thread_level)
{
    int initialized = 0, finalized = 0, level = MPI_THREAD_SINGLE, world_rank, rc;
    MPI_Comm shared = MPI_COMM_NULL;

    if (!provided_thread_level)
        return ODOP_MPI_ERR_ARG;
    if (state == READY) {
        *provided_thread_level = thread_level;
        return ODOP_MPI_OK;
    }
    if (state == DONE || MPI_Finalized(&finalized) != MPI_SUCCESS || finalized)
        return ODOP_MPI_ERR_FINALIZED;
    if ((rc = MPI_Initialized(&initialized)) != MPI_SUCCESS)
        return rc;
    if (!initialized) {
        /* Ask for MULTIPLE; MPI may give less (FUNNELED is what an agent needs at least). */
        if ((rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_MULTIPLE, &level)) != MPI_SUCCESS)
            return rc;
        owns_mpi = 1;
    } else if ((rc = MPI_Query_thread(&level)) != MPI_SUCCESS) {
        return rc;
    }

    if ((rc = MPI_Comm_dup(MPI_COMM_WORLD, &world)) != MPI_SUCCESS)
        return rc;
    if ((rc = MPI_Comm_set_errhandler(world, MPI_ERRORS_RETURN)) != MPI_SUCCESS ||
        (rc = MPI_Comm_rank(world, &world_rank)) != MPI_SUCCESS ||
        (rc = MPI_Comm_split_type(world, MPI_COMM_TYPE_SHARED, world_rank, MPI_INFO_NULL, &shared)) != MPI_SUCCESS ||
        (rc = install_node(shared)) != MPI_SUCCESS) {
        free_comm(&world);
        return rc;
    }
    thread_level = to_odop_level(level);
    *provided_thread_level = thread_level;
    state = READY;
    return ODOP_MPI_OK;
}

int odop_mpi_finalize(void)
{
    int finalized = 0, rc = ODOP_MPI_OK;

    if (state != READY)
        return ODOP_MPI_OK;
    state = DONE;
    if (MPI_Finalized(&finalized) != MPI_SUCCESS || finalized)
        return ODOP_MPI_OK; /* the host ended MPI first; the communicators went with it */
    free_comm(&leaders);
    free_comm(&node);
    free_comm(&world);
    if (owns_mpi)
        rc = MPI_Finalize();
    return rc;
}

int odop_mpi_initialized(int *flag)
{
    if (!flag)
        return ODOP_MPI_ERR_ARG;
    *flag = check_ready() == ODOP_MPI_OK;
    return ODOP_MPI_OK;
}

static int comm_rank(MPI_Comm comm, int *out)
{
    int rc = check_ready();
    if (rc != ODOP_MPI_OK)
        return rc;
    if (!out)
        return ODOP_MPI_ERR_ARG;
    return MPI_Comm_rank(comm, out);
}

static int comm_size(MPI_Comm comm, int *out)
{
    int rc = check_ready();
    if (rc != ODOP_MPI_OK)
        return rc;
    if (!out)
        return ODOP_MPI_ERR_ARG;
    return MPI_Comm_size(comm, out);
}

int odop_mpi_rank(int *rank) { return comm_rank(world, rank); }
int odop_mpi_size(int *size) { return comm_size(world, size); }
int odop_mpi_local_rank(int *rank) { return comm_rank(node, rank); }
int odop_mpi_local_size(int *size) { return comm_size(node, size); }

int odop_mpi_is_node_leader(int *flag)
{
    int rc = check_ready();
    if (rc != ODOP_MPI_OK)
        return rc;
    if (!flag)
        return ODOP_MPI_ERR_ARG;
    *flag = leaders != MPI_COMM_NULL;
    return ODOP_MPI_OK;
}

int odop_mpi_leader_rank(int *rank)
{
    int rc = check_ready();
    if (rc != ODOP_MPI_OK)
        return rc;
    if (!rank)
        return ODOP_MPI_ERR_ARG;
    if (leaders == MPI_COMM_NULL) {
        *rank = -1;
        return ODOP_MPI_OK;
    }
    return MPI_Comm_rank(leaders, rank);
}

int odop_mpi_node_count(int *count)
{
    int rc = check_ready();
    if (rc != ODOP_MPI_OK)
        return rc;
    if (!count)
        return ODOP_MPI_ERR_ARG;
    *count = node_count;
    return ODOP_MPI_OK;
}

int odop_mpi_processor_name(char *buf, int len, int *written)
{
    char name[MPI_MAX_PROCESSOR_NAME + 1];
    int n = 0, rc = check_ready();
    if (rc != ODOP_MPI_OK)
        return rc;
    if ((rc = MPI_Get_processor_name(name, &n)) != MPI_SUCCESS)
        return rc;
    name[n < 0 ? 0 : n] = '\0';
    return copy_text(name, buf, len, written);
}

int odop_mpi_library_version(char *buf, int len, int *written)
{
    char text[MPI_MAX_LIBRARY_VERSION_STRING + 1];
    int n = 0, rc = MPI_Get_library_version(text, &n);
    if (rc != MPI_SUCCESS)
        return rc;
    text[n < 0 ? 0 : n] = '\0';
    return copy_text(text, buf, len, written);
}

/* The lowest world rank whose name equals mine: the colour of my node. */
static int lowest_rank_with_name(const char *names, const int *lens, const int *displs, int me)
{
    for (int r = 0; r < me; r++)
        if (lens[r] == lens[me] && memcmp(names + displs[r], names + displs[me], (size_t)lens[me]) == 0)
            return r;
    return me;
}

int odop_mpi_group_nodes_by_name(const char *name)
{
    char own[MPI_MAX_PROCESSOR_NAME + 1];
    const char *key = name;
    int mine[2], size, me, rc, status = ODOP_MPI_OK, any_given = 0, n = 0;
    int *pairs = NULL, *lens = NULL, *displs = NULL;
    char *names = NULL;
    long long total = 0;
    MPI_Comm new_node = MPI_COMM_NULL;

    if ((rc = check_ready()) != ODOP_MPI_OK)
        return rc;
    if ((rc = MPI_Comm_size(world, &size)) != MPI_SUCCESS || (rc = MPI_Comm_rank(world, &me)) != MPI_SUCCESS)
        return rc;
    if (!key || !*key) {
        if ((rc = MPI_Get_processor_name(own, &n)) != MPI_SUCCESS)
            return rc;
        own[n < 0 ? 0 : n] = '\0';
        key = own;
    }
    mine[0] = strlen(key) > INT_MAX / 2 ? -1 : (int)strlen(key);
    mine[1] = name && *name;

    pairs = malloc(2 * (size_t)size * sizeof *pairs);
    lens = malloc((size_t)size * sizeof *lens);
    displs = malloc((size_t)size * sizeof *displs);
    if (!pairs || !lens || !displs)
        status = ODOP_MPI_ERR_NO_MEMORY;
    else if (mine[0] < 0)
        status = ODOP_MPI_ERR_TOO_LARGE;
    if ((rc = agree(status, world)) != ODOP_MPI_OK)
        goto done;

    /* Every rank learns every name's length and whether any rank gave a name. */
    if ((rc = MPI_Allgather(mine, 2, MPI_INT, pairs, 2, MPI_INT, world)) != MPI_SUCCESS)
        goto done;
    for (int r = 0; r < size; r++) {
        lens[r] = pairs[2 * r];
        displs[r] = (int)total;
        total += lens[r];
        any_given |= pairs[2 * r + 1];
    }
    if (!any_given)
        goto done; /* nobody asked: the grouping by shared memory stays */
    /* Every rank computed the same total, so every rank takes the same branch here. */
    if (total > INT_MAX) {
        rc = ODOP_MPI_ERR_TOO_LARGE;
        goto done;
    }
    names = malloc(total > 0 ? (size_t)total : 1);
    if ((rc = agree(names ? ODOP_MPI_OK : ODOP_MPI_ERR_NO_MEMORY, world)) != ODOP_MPI_OK)
        goto done;
    if ((rc = MPI_Allgatherv(key, mine[0], MPI_CHAR, names, lens, displs, MPI_CHAR, world)) != MPI_SUCCESS)
        goto done;

    rc = MPI_Comm_split(world, lowest_rank_with_name(names, lens, displs, me), me, &new_node);
    if (rc == MPI_SUCCESS)
        rc = install_node(new_node);

done:
    free(names);
    free(displs);
    free(lens);
    free(pairs);
    return rc;
}

/* The communicator a collective runs on; ODOP_MPI_ERR_NOT_LEADER when this rank is not in it. */
static int pick_comm(int leaders_only, MPI_Comm *comm)
{
    int rc = check_ready();
    if (rc != ODOP_MPI_OK)
        return rc;
    if (leaders_only && leaders == MPI_COMM_NULL)
        return ODOP_MPI_ERR_NOT_LEADER;
    *comm = leaders_only ? leaders : world;
    return ODOP_MPI_OK;
}

int odop_mpi_gather_bytes(const void *send, int send_len, void *recv, int recv_capacity,
                          int *lengths, int root, int leaders_only)
{
    MPI_Comm comm;
    int rank, size, rc, status = ODOP_MPI_OK, my_len;
    int *displs = NULL;
    long long total = 0;

    if ((rc = pick_comm(leaders_only, &comm)) != ODOP_MPI_OK)
        return rc;
    if ((rc = MPI_Comm_rank(comm, &rank)) != MPI_SUCCESS || (rc = MPI_Comm_size(comm, &size)) != MPI_SUCCESS)
        return rc;
    if (root < 0 || root >= size)
        return ODOP_MPI_ERR_ARG; /* the same on every rank */

    /* 1. Root says whether it can receive at all; every rank goes on or stops with it. */
    if (rank == root) {
        if (!lengths || recv_capacity < 0 || (recv_capacity > 0 && !recv))
            status = ODOP_MPI_ERR_ARG;
        else if (!(displs = malloc((size_t)size * sizeof *displs)))
            status = ODOP_MPI_ERR_NO_MEMORY;
    }
    if ((rc = MPI_Bcast(&status, 1, MPI_INT, root, comm)) != MPI_SUCCESS || (rc = status) != ODOP_MPI_OK)
        goto done;

    /* 2. Root learns every length; a rank with bad arguments sends -1. */
    my_len = send_len < 0 || (send_len > 0 && !send) ? -1 : send_len;
    if ((rc = MPI_Gather(&my_len, 1, MPI_INT, lengths, 1, MPI_INT, root, comm)) != MPI_SUCCESS)
        goto done;

    /* 3. Root checks the total against its buffer and tells everyone. */
    if (rank == root) {
        for (int r = 0; r < size && status == ODOP_MPI_OK; r++) {
            if (lengths[r] < 0)
                status = ODOP_MPI_ERR_ARG;
            displs[r] = total > INT_MAX ? 0 : (int)total;
            total += lengths[r];
        }
        if (status == ODOP_MPI_OK && total > INT_MAX)
            status = ODOP_MPI_ERR_TOO_LARGE;
        else if (status == ODOP_MPI_OK && total > recv_capacity)
            status = ODOP_MPI_ERR_CAPACITY;
    }
    if ((rc = MPI_Bcast(&status, 1, MPI_INT, root, comm)) != MPI_SUCCESS || (rc = status) != ODOP_MPI_OK)
        goto done;

    /* 4. The bytes. */
    rc = MPI_Gatherv(send, my_len, MPI_BYTE, recv, lengths, displs, MPI_BYTE, root, comm);

done:
    free(displs);
    return rc;
}

int odop_mpi_bcast_bytes(void *buf, int *len, int capacity, int root, int leaders_only)
{
    MPI_Comm comm;
    int rank, size, rc, n = -1, status = ODOP_MPI_OK;

    if ((rc = pick_comm(leaders_only, &comm)) != ODOP_MPI_OK)
        return rc;
    if ((rc = MPI_Comm_rank(comm, &rank)) != MPI_SUCCESS || (rc = MPI_Comm_size(comm, &size)) != MPI_SUCCESS)
        return rc;
    if (root < 0 || root >= size)
        return ODOP_MPI_ERR_ARG;

    /* 1. Every rank learns the length; -1 when root's arguments are bad. */
    if (rank == root && len && *len >= 0 && (*len == 0 || buf))
        n = *len;
    if ((rc = MPI_Bcast(&n, 1, MPI_INT, root, comm)) != MPI_SUCCESS)
        return rc;
    if (n < 0)
        return ODOP_MPI_ERR_ROOT_ARG;

    /* 2. Every rank checks its buffer; all go on only if all can receive. */
    if (rank != root) {
        if (!len || capacity < 0 || (n > 0 && !buf))
            status = ODOP_MPI_ERR_ARG;
        else if (n > capacity)
            status = ODOP_MPI_ERR_CAPACITY;
        if (len)
            *len = n;
    }
    if ((rc = agree(status, comm)) != ODOP_MPI_OK)
        return rc;

    /* 3. The bytes. */
    return n > 0 ? MPI_Bcast(buf, n, MPI_BYTE, root, comm) : ODOP_MPI_OK;
}

int odop_mpi_barrier(void)
{
    int rc = check_ready();
    return rc != ODOP_MPI_OK ? rc : MPI_Barrier(world);
}
