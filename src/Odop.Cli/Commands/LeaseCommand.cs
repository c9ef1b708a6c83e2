using System.CommandLine;
using Odop.Cli.Output;
using Odop.Core.Quantities;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Cli.Commands;

/// <summary>`odop lease acquire|list|release`: borrow cores for interactive work; the scheduler places nothing on them.</summary>
internal static class LeaseCommand
{
    public static Command Create()
    {
        var command = new Command("lease", "Reserve cores for interactive use: no side task is placed on a leased core");
        command.Add(Acquire());
        command.Add(List());
        command.Add(Release());
        return command;
    }

    private static Command Acquire()
    {
        var cores = new Option<int>("--cores") { Description = "How many cores", Required = true };
        var wait = new Option<bool>("--wait") { Description = "Wait until enough cores are free (cores of other leases and of the simulation are not free; cores running side tasks are: those tasks make way)" };
        var duration = new Option<string>("--for") { Description = "How long the lease lasts before it ends on its own (e.g. 30m, 2h, 90s)", DefaultValueFactory = _ => "30m" };
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("acquire", "Lease cores; prints the lease id and its CPUs") { cores, wait, duration, agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            var length = ParseDuration(parse.GetValue(duration)!);
            var request = new AcquireLeaseRequest { Cores = parse.GetValue(cores), Wait = parse.GetValue(wait), DurationSeconds = length.TotalSeconds };
            if (request.Cores <= 0) throw new ArgumentException($"--cores: must be at least 1, not {request.Cores}");
            using var channel = CliClient.Open(parse, agent);
            // A waiting acquire has no deadline: it lasts until the cores are free or the user gives up.
            var options = request.Wait ? new CallOptions(CancellationToken: ct) : CliClient.Timeout(ct);
            var lease = await channel.UnaryAsync(LeasesMethods.Acquire, request, options);
            Console.WriteLine(parse.GetValue(json)
                ? ExecutionFormat.ToJson(lease)
                : $"{lease.LeaseId} CPUs {Cpus(lease)} until {UsersCommand.Time(lease.ExpiresAtUnixMs)}");
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var all = new Option<bool>("--all") { Description = "Include ended leases" };
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("list", "List leases (yours; every user's for an admin)") { all, agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var channel = CliClient.Open(parse, agent);
            var reply = await channel.UnaryAsync(LeasesMethods.List, new ListLeasesRequest { IncludeEnded = parse.GetValue(all) }, CliClient.Timeout(ct));
            if (parse.GetValue(json))
            {
                Console.WriteLine(ExecutionFormat.ToJson(reply));
                return 0;
            }
            var table = new Table("LEASE", "OWNER", "CPUS", "ACQUIRED", "EXPIRES", "ENDED");
            foreach (var l in reply.Leases)
                table.Add(l.LeaseId, l.Owner, Cpus(l), UsersCommand.Time(l.AcquiredAtUnixMs), UsersCommand.Time(l.ExpiresAtUnixMs),
                    l.EndedAtUnixMs == 0 ? "-" : $"{UsersCommand.Time(l.EndedAtUnixMs)} ({l.EndReason})");
            Console.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Release()
    {
        var id = new Argument<string>("lease-id") { Description = "The lease to end now" };
        var agent = CommonOptions.Agent();
        var command = new Command("release", "End a lease now; its cores go back to side tasks") { id, agent };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var channel = CliClient.Open(parse, agent);
            var lease = await channel.UnaryAsync(LeasesMethods.Release, new LeaseRef { LeaseId = parse.GetValue(id)! }, CliClient.Timeout(ct));
            Console.WriteLine($"{lease.LeaseId} released (CPUs {Cpus(lease)})");
            return 0;
        }));
        return command;
    }

    private static string Cpus(Lease lease) => Odop.Core.Hardware.CpuSet.Of(lease.Cpus).ToString();

    private static TimeSpan ParseDuration(string text)
    {
        try { return DurationQuantity.Parse(text, "--for").Value; }
        catch (Odop.Core.OdopValidationException e) { throw new ArgumentException(e.Message); }
    }
}
