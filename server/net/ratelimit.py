"""Token buckets per kiosk device, so a stuck touchscreen cannot empty the number range."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Bucket:
    capacity: float
    per_second: float
    tokens: float
    stamp: float

    def take(self, now: float) -> bool:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.per_second)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


@dataclass
class RateLimiter:
    burst: int
    per_minute: float
    buckets: dict[str, Bucket] = field(default_factory=dict)

    def allow(self, key: str, now: float) -> bool:
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = Bucket(self.burst, self.per_minute / 60, self.burst, now)
        return bucket.take(now)
