package dev.osmosis.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The admin API lives under {@code /api/v1}. */
@ApplicationPath("/api/v1")
public class RestApplication extends Application {}
