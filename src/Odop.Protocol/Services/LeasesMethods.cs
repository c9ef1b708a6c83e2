using Odop.Protocol.V1;

namespace Odop.Protocol;

/// <summary>Descriptors of <c>odop.v1.Leases</c> (leases.proto): cores borrowed by hand, and usage reports.</summary>
public static class LeasesMethods
{
    public const string ServiceName = "odop.v1.Leases";

    public static readonly Method<AcquireLeaseRequest, Lease> Acquire =
        new(MethodType.Unary, ServiceName, "Acquire", AcquireLeaseRequest.Parser, Lease.Parser);

    public static readonly Method<ListLeasesRequest, ListLeasesReply> List =
        new(MethodType.Unary, ServiceName, "List", ListLeasesRequest.Parser, ListLeasesReply.Parser);

    public static readonly Method<LeaseRef, Lease> Release =
        new(MethodType.Unary, ServiceName, "Release", LeaseRef.Parser, Lease.Parser);

    public static readonly Method<UsageRequest, UsageReply> Usage =
        new(MethodType.Unary, ServiceName, "Usage", UsageRequest.Parser, UsageReply.Parser);
}
