package dev.digitrecognizer.gateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code /predict} answers: one model's {@link PredictionResponse}, or with {@code model=all} a {@link CompareResponse}. */
@Schema(oneOf = {PredictionResponse.class, CompareResponse.class})
public sealed interface PredictResponse permits PredictionResponse, CompareResponse {}
