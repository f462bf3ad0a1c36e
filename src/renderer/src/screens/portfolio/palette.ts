// Slice colours for the allocation chart: distinct on both the dark and the light background.
export const PALETTE = ['#4f8fe8', '#26b67f', '#e9a93a', '#b36ae2', '#e0665f', '#3fb8c4', '#c9a227', '#7d8ba0'];
export const REST_COLOR = '#5a6575';
