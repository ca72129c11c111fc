import { describe, expect, it } from 'vitest';
import { inEnglandOrWales, kilometresBetween } from '../../server/import/england-wales.js';

describe('the England and Wales outline', () => {
  it.each([
    ['London, Charing Cross', 51.5074, -0.1278],
    ['Cardiff', 51.4816, -3.1791],
    ['Hugh Town, Isles of Scilly', 49.9145, -6.3155],
    ["Land's End", 50.0657, -5.7132],
    ['the Lizard', 49.9595, -5.2063],
    ['Ventnor, Isle of Wight', 50.5937, -1.2075],
    ['Dover', 51.1279, 1.3134],
    ['Margate', 51.3813, 1.3862],
    ['Lowestoft', 52.4811, 1.7534],
    ['Cromer', 52.9311, 1.3019],
    ['Spurn Head', 53.5779, 0.1097],
    ['Whitby', 54.4858, -0.6206],
    ['Berwick-upon-Tweed', 55.7706, -2.0054],
    ['Holy Island, Northumberland', 55.6696, -1.7997],
    ['Kielder', 55.2341, -2.5821],
    ['Carlisle', 54.8925, -2.9329],
    ['Bowness-on-Solway', 54.953, -3.2117],
    ['Silloth', 54.8686, -3.3875],
    ['St Bees', 54.4929, -3.5934],
    ['Walney Island', 54.0876, -3.2478],
    ['Holyhead', 53.3094, -4.6327],
    ['Amlwch', 53.4103, -4.3405],
    ['St Davids', 51.8812, -5.2661],
    ['Aberdaron', 52.8039, -4.7121],
    ['Lundy', 51.1806, -4.6676],
  ])('%s is inside', (_name, lat, lon) => {
    expect(inEnglandOrWales(lat, lon)).toBe(true);
  });

  it.each([
    ['0, 0', 0, 0],
    ['Gretna', 55.0014, -3.0654],
    ['Annan', 54.9881, -3.2601],
    ['Southerness', 54.8745, -3.6007],
    ['Newcastleton', 55.1808, -2.8115],
    ['Kelso', 55.5982, -2.4334],
    ['Jedburgh', 55.4779, -2.5549],
    ['Eyemouth', 55.8702, -2.0905],
    ['Edinburgh', 55.9533, -3.1883],
    ['Douglas, Isle of Man', 54.1523, -4.4861],
    ['Ramsey, Isle of Man', 54.3219, -4.3835],
    ['Belfast', 54.5973, -5.9301],
    ['Dublin', 53.3498, -6.2603],
    ['Rosslare', 52.2531, -6.3381],
    ['St Helier, Jersey', 49.1868, -2.1066],
    ['St Peter Port, Guernsey', 49.4552, -2.5364],
    ['Calais', 50.9513, 1.8587],
    ['Cap Gris-Nez', 50.8716, 1.5838],
    ['Boulogne-sur-Mer', 50.7264, 1.6147],
    ['Amsterdam', 52.3676, 4.9041],
    // latitude and longitude swapped (London)
    ['-0.1278, 51.5074', -0.1278, 51.5074],
  ])('%s is outside', (_name, lat, lon) => {
    expect(inEnglandOrWales(lat, lon)).toBe(false);
  });

  it('measures kilometres on the sphere', () => {
    // One degree of latitude is 111.2 km on a sphere of radius 6,371 km.
    expect(kilometresBetween({ lat: 51, lon: 0 }, { lat: 52, lon: 0 })).toBeCloseTo(111.19, 1);
  });
});
