/* Test program for libodop_pmpi.so (tests/Odop.Node.Tests/Mpi/Pmpi/): two ranks, one waiting in MPI.
 *   pmpi_probe SECONDS
 * Prints "READY <rank> <pid>", then rank 0 computes for SECONDS of wall time while every other rank
 * waits for it in MPI_Recv; then all meet in MPI_Barrier, finalize, print "FINALIZED <rank> <pid>"
 * and stay alive one more second, so a test can see the segment gone while the process lives. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    double seconds = argc > 1 ? atof(argv[1]) : 5;
    MPI_Barrier(MPI_COMM_WORLD);
    printf("READY %d %d\n", rank, (int)getpid());
    fflush(stdout);

    int token = 0;
    if (rank == 0) {
        volatile double x = 1;
        double end = now_s() + seconds;
        while (now_s() < end)
            for (int i = 0; i < 100000; i++) x = x * 1.0000001 + 1e-9;
        token = (int)x;
        for (int r = 1; r < size; r++) MPI_Send(&token, 1, MPI_INT, r, 0, MPI_COMM_WORLD);
    } else {
        MPI_Recv(&token, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Finalize();
    printf("FINALIZED %d %d\n", rank, (int)getpid());
    fflush(stdout);
    sleep(1);
    return 0;
}
