import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

/** Flips readiness off as soon as shutdown starts, so no new traffic is routed here. */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  shuttingDown = false;

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }
}
