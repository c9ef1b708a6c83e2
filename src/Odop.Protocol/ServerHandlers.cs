namespace Odop.Protocol;

/// <summary>Serves a unary call. Throw <see cref="RpcException"/> to end it with a chosen status.</summary>
public delegate Task<TResponse> UnaryHandler<TRequest, TResponse>(TRequest request, ServerCallContext context);

/// <summary>Serves a server-streaming call; the call ends with OK when the returned task completes.</summary>
public delegate Task ServerStreamingHandler<TRequest, TResponse>(
    TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);

/// <summary>Decides whether a call may proceed; throw <see cref="RpcException"/> to refuse it. See <see cref="GrpcServerOptions.Authorizer"/>.</summary>
public delegate ValueTask CallAuthorizer(ServerCallContext context);
