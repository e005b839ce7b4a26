package dev.digitrecognizer.gateway.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What {@code /number} answers: one model's {@link NumberReadingResponse}, or with {@code model=all} a {@link NumberCompareResponse}. */
@Schema(oneOf = {NumberReadingResponse.class, NumberCompareResponse.class})
public sealed interface NumberResponse permits NumberReadingResponse, NumberCompareResponse {}
