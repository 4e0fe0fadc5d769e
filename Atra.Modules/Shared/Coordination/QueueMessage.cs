namespace Atra.Modules.Shared.Coordination;

/// <summary>A message leased from a durable queue; acknowledge it by <see cref="Id"/> once handled.</summary>
public sealed record QueueMessage(string Id, string Payload, int DeliveryCount);
